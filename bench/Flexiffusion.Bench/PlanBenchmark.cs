using System.Diagnostics;
using System.Text;
using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Diffusion.Schedules;
using Flexiffusion.Plans;

namespace Flexiffusion.Bench;

/// <summary>End-to-end wall time of 100-step DDIM: teacher against DeepCache 1:5 plans, measured vs MAC speed-up.</summary>
public static class PlanBenchmark
{
    private static readonly int[] Branches = [0, 2, 4, 6, 8];

    public static void Run(StringBuilder report, bool quick)
    {
        var config = UNetConfigs.Mnist;
        var macs = MacCounter.Count(config);
        using var model = new UNet(config, 0);
        int images = quick ? 64 : 256, steps = 100;
        var timesteps = TeacherTimesteps.Create(TimestepSpacing.Uniform, steps);
        var pipeline = new DiffusionPipeline(model, NoiseSchedule.Linear(), new DdimSampler(),
            new PipelineOptions { BatchSize = Math.Min(images, 256) });
        var bank = new NoiseBank(0, config.InChannels, config.Resolution, config.Resolution);
        using (pipeline.Generate(StepPlan.Parse("ddim:10", steps), timesteps, bank, 0, Math.Min(images, 64)))
        {
        }

        report.AppendLine();
        report.AppendLine($"## End to end, `{config.Name}`, {steps}-step DDIM, {images} images in one batch");
        report.AppendLine();
        report.AppendLine("| plan | NFE | wall s | images/s | measured speed-up | MAC speed-up | measured / MAC |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        double teacherSeconds = 0;
        var plans = new List<(string Name, StepPlan Plan)> { ("teacher", StepPlan.Teacher(steps)) };
        plans.AddRange(Branches.Where(b => b < macs.BranchCount)
            .Select(b => ($"deepcache 1:5, branch {b}", StepPlan.DeepCacheUniform(steps, 5, b))));
        plans.Add(("ddim:20 (step reduction)", StepPlan.StepReduction(steps, 20)));
        foreach (var (name, plan) in plans)
        {
            var clock = Stopwatch.StartNew();
            using (pipeline.Generate(plan, timesteps, bank, 0, images))
            {
            }
            double seconds = clock.Elapsed.TotalSeconds;
            if (name == "teacher")
                teacherSeconds = seconds;
            double measured = teacherSeconds / seconds, mac = macs.PlanSpeedup(plan);
            report.AppendLine($"| {name} | {plan.Nfe} | {BenchApp.F(seconds)} | {BenchApp.F(images / seconds, "F1")} | {BenchApp.F(measured)} | {BenchApp.F(mac)} | {BenchApp.F(measured / mac)} |");
        }
    }
}
