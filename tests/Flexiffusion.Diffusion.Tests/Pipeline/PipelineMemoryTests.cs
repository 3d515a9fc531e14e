using System.Diagnostics;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Diffusion.Schedules;
using Flexiffusion.Plans;

namespace Flexiffusion.Diffusion.Tests.Pipeline;

[CollectionDefinition(nameof(PipelineMemoryTests), DisableParallelization = true)]
public sealed class PipelineMemoryGroup;

/// <summary>Native memory must not grow with the number of steps (one dispose scope per step).</summary>
[Collection(nameof(PipelineMemoryTests))]
public class PipelineMemoryTests
{
    [Fact]
    public void Generate_200StepsWithCache_KeepsResidentMemoryFlat()
    {
        using var model = new UNet(UNetConfigs.Mnist, 6);
        var pipeline = new DiffusionPipeline(model, NoiseSchedule.Linear(), new PlmsSampler(),
            new PipelineOptions { BatchSize = 16 });
        var bank = new NoiseBank(1, 1, 32, 32);
        var timesteps = TeacherTimesteps.Create(TimestepSpacing.Uniform, 200);

        using (pipeline.Generate(StepPlan.DeepCacheUniform(20, 5, 4), timesteps[..20], bank, 0, 16))
        {
        }
        long warm = ResidentBytes();
        using (pipeline.Generate(StepPlan.DeepCacheUniform(200, 5, 4), timesteps, bank, 0, 16))
        {
        }
        long after = ResidentBytes();

        Assert.True(after - warm < 64L << 20, $"RSS grew by {(after - warm) >> 20} MB over 200 steps ({warm >> 20} MB → {after >> 20} MB)");
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
