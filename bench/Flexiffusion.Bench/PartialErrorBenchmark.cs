using System.Text;
using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Diffusion.Schedules;
using Flexiffusion.Plans;
using static TorchSharp.torch;

namespace Flexiffusion.Bench;

/// <summary>
/// Where caching can pay on the shipped model: along the 100-step DDIM teacher trajectory, the error of a partial
/// step at each branch d positions after the full step that filled its cache, against the error of simply reusing
/// that full step's noise prediction (what a null step with <c>reuse</c> does, at no cost) — both relative to the
/// full step's own prediction at that position, ‖ε̂ − ε‖ / ‖ε‖ averaged over images — by part of the trajectory.
/// Beside it, each branch's MAC and measured speed-up (so the gain per unit of saved cost can be read).
/// </summary>
public static class PartialErrorBenchmark
{
    private static readonly int[] Distances = [1, 2, 4];

    public static void Run(StringBuilder report, bool quick)
    {
        const string weights = "models/mnist-ddpm/ema.bin";
        int images = quick ? 16 : 64, steps = 100, parts = 5;
        var config = UNetConfigs.Mnist;
        var macs = MacCounter.Count(config);
        using var unet = new UNet(config, 0);
        unet.load(weights);
        unet.eval();
        var latency = LatencyProfiler.Measure(unet, CPU, images);
        var schedule = NoiseSchedule.Linear();
        var timesteps = TeacherTimesteps.Create(TimestepSpacing.Uniform, steps);
        var bank = new NoiseBank(0, config.InChannels, config.Resolution, config.Resolution);
        int branches = macs.BranchCount;
        // error[kind, distance, part]: kind 0..branches-1 = partial at that branch, kind = branches = reuse the last ε.
        var sum = new double[branches + 1, Distances.Length, parts];
        var count = new int[Distances.Length, parts];

        using var noGrad = no_grad();
        // The teacher trajectory: inputs and full-step predictions at every position.
        var inputs = new List<Tensor>(steps);
        var epsilons = new List<Tensor>(steps);
        using (var run = new DdimSampler().Start(schedule))
        {
            var x = bank.Initial(0, images);
            using var cache = new FeatureCache();
            for (int i = 0; i < steps; i++)
            {
                using var t = full([images], (long)timesteps[i], ScalarType.Int64);
                var epsilon = unet.RunStep(x, t, PlanStep.Full, cache);
                inputs.Add(x);
                epsilons.Add(epsilon);
                var output = run.Step(x, epsilon, timesteps[i], i + 1 < steps ? timesteps[i + 1] : -1, null);
                output.PredictedOriginal.Dispose();
                x = output.Previous;
            }
            x.Dispose();
        }
        int[] all = [.. Enumerable.Range(0, branches)];
        for (int i = 0; i < steps; i++)
        {
            using var cache = new FeatureCache();
            using (var t = full([images], (long)timesteps[i], ScalarType.Int64))
                unet.RunStep(inputs[i], t, PlanStep.Full, cache, all).Dispose();
            for (int di = 0; di < Distances.Length; di++)
            {
                int j = i + Distances[di];
                if (j >= steps)
                    continue;
                int part = j * parts / steps;
                count[di, part]++;
                using var t = full([images], (long)timesteps[j], ScalarType.Int64);
                for (int b = 0; b < branches; b++)
                {
                    using var partial = unet.RunStep(inputs[j], t, PlanStep.Partial(b), cache);
                    sum[b, di, part] += RelativeError(partial, epsilons[j]);
                }
                sum[branches, di, part] += RelativeError(epsilons[i], epsilons[j]);
            }
        }
        foreach (var tensor in inputs.Concat(epsilons))
            tensor.Dispose();

        report.AppendLine();
        report.AppendLine($"## Partial-step error along the teacher trajectory, shipped `mnist` model, {steps}-step DDIM, {images} images");
        report.AppendLine();
        report.AppendLine("Relative error ‖ε̂ − ε‖/‖ε‖ of a step taken d positions after the full step that filled the cache, against the full step's own ε;");
        report.AppendLine($"`reuse` = the cached full step's ε itself (a null step that keeps the last prediction; costs nothing). Trajectory in {parts} parts, early (noisy) first.");
        report.AppendLine($"Speed-ups of one step over a full step: MACs, and measured on this CPU at batch {images} (`LatencyProfiler`, median of {latency.Repeats}).");
        for (int di = 0; di < Distances.Length; di++)
        {
            report.AppendLine();
            report.AppendLine($"### d = {Distances[di]}");
            report.AppendLine();
            var header = new StringBuilder("| step | MAC speed-up | measured speed-up | measured / MAC |");
            var rule = new StringBuilder("|---|---|---|---|");
            for (int p = 0; p < parts; p++)
            {
                header.Append($" positions {p * steps / parts}–{(p + 1) * steps / parts - 1} |");
                rule.Append("---|");
            }
            report.AppendLine(header.ToString());
            report.AppendLine(rule.ToString());
            for (int k = 0; k <= branches; k++)
            {
                var line = new StringBuilder(k < branches
                    ? $"| partial {k} | {BenchApp.F(macs.PartialSpeedup(k))} | {BenchApp.F(latency.PartialSpeedup(k))} | {BenchApp.F(latency.PartialSpeedup(k) / macs.PartialSpeedup(k))} |"
                    : "| reuse (null) | ∞ | ∞ | - |");
                for (int p = 0; p < parts; p++)
                    line.Append(count[di, p] == 0 ? " - |" : $" {BenchApp.F(sum[k, di, p] / count[di, p], "F4")} |");
                report.AppendLine(line.ToString());
            }
        }
    }

    /// <summary>Mean over images of ‖a − b‖ / ‖b‖.</summary>
    private static double RelativeError(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        var diff = (a - b).flatten(1).norm(1);
        var reference = b.flatten(1).norm(1);
        return (diff / reference).mean().to(ScalarType.Float64).item<double>();
    }
}
