using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Diffusion.Schedules;

namespace Flexiffusion.Cli.Commands;

/// <summary>Resolved generation settings: schedule, teacher timesteps, sampler, pipeline options, seed.</summary>
public sealed record GenerationSettings(NoiseSchedule Schedule, int[] Timesteps, ISampler Sampler, PipelineOptions Pipeline, long Seed);
