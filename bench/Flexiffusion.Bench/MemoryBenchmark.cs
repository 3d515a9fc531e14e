using System.Diagnostics;
using System.Text;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Diffusion.Schedules;
using Flexiffusion.Plans;

namespace Flexiffusion.Bench;

/// <summary>Resident memory after 20, 100, 200 and 400 steps at batch 64: it must stay flat.</summary>
public static class MemoryBenchmark
{
    public static void Run(StringBuilder report, bool quick)
    {
        var config = UNetConfigs.Mnist;
        using var model = new UNet(config, 0);
        var pipeline = new DiffusionPipeline(model, NoiseSchedule.Linear(), new PlmsSampler(),
            new PipelineOptions { BatchSize = 64 });
        var bank = new NoiseBank(0, config.InChannels, config.Resolution, config.Resolution);
        report.AppendLine();
        report.AppendLine($"## Resident memory, `{config.Name}`, batch 64, PLMS, DeepCache 1:5 at branch 4");
        report.AppendLine();
        report.AppendLine("| steps | RSS after (MB) |");
        report.AppendLine("|---|---|");
        int[] lengths = quick ? [20, 200] : [20, 100, 200, 400];
        foreach (int steps in lengths)
        {
            var timesteps = TeacherTimesteps.Create(TimestepSpacing.Uniform, steps);
            using (pipeline.Generate(StepPlan.DeepCacheUniform(steps, 5, 4), timesteps, bank, 0, 64))
            {
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var process = Process.GetCurrentProcess();
            report.AppendLine($"| {steps} | {process.WorkingSet64 >> 20} |");
        }
    }
}
