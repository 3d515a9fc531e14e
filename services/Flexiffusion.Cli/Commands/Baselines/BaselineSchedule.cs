using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Plans;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>One hand-made schedule to evaluate.</summary>
/// <param name="Family">Its family's name (<c>step-reduction</c>, <c>deepcache-uniform</c>, …).</param>
/// <param name="Name">Its name as <c>KnownSchedules.Named</c> gives it (<c>ddim:20</c>, <c>deepcache:5:2</c>, …).</param>
/// <param name="Candidate">The schedule as a candidate of the segment-wise space.</param>
/// <param name="Plan">The per-position plan it runs.</param>
/// <param name="Sampler">The one sampler it runs under (a <c>--plans</c> line); null means every sampler of the run.</param>
public sealed record BaselineSchedule(string Family, string Name, Candidate Candidate, StepPlan Plan, SamplerKind? Sampler = null);
