using System.Text;
using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Plans;
using static TorchSharp.torch;

namespace Flexiffusion.Bench;

/// <summary>ms per image of a full step and of each branch's partial step, MNIST configuration.</summary>
public static class StepBenchmark
{
    public static void Run(StringBuilder report, bool quick)
    {
        var config = UNetConfigs.Mnist;
        var macs = MacCounter.Count(config);
        using var model = new UNet(config, 0);
        model.eval();
        int repeats = quick ? 3 : 7;
        report.AppendLine();
        report.AppendLine($"## Step cost, `{config.Name}` ({macs.Parameters:N0} parameters), ms per image (median of {repeats})");
        report.AppendLine();
        report.AppendLine("| step | MACs (M) | MAC ratio | batch 64 ms/img | speed-up | batch 256 ms/img | speed-up |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        int[] batches = [64, 256];
        var fullMs = new double[batches.Length];
        var partial = new double[macs.BranchCount, batches.Length];
        for (int bi = 0; bi < batches.Length; bi++)
        {
            int batch = batches[bi];
            using var noGrad = no_grad();
            using var x = randn(batch, config.InChannels, config.Resolution, config.Resolution);
            using var t = full(new long[] { batch }, 500L, ScalarType.Int64);
            using var cache = new FeatureCache();
            var all = Enumerable.Range(0, macs.BranchCount).ToArray();
            fullMs[bi] = Timing.MedianMs(() =>
            {
                using var scope = NewDisposeScope();
                model.RunStep(x, t, PlanStep.Full, cache, all);
            }, 2, repeats) / batch;
            for (int b = 0; b < macs.BranchCount; b++)
            {
                int branch = b;
                partial[b, bi] = Timing.MedianMs(() =>
                {
                    using var scope = NewDisposeScope();
                    model.RunStep(x, t, PlanStep.Partial(branch), cache);
                }, 1, repeats) / batch;
            }
        }
        report.AppendLine($"| full | {macs.Full / 1e6:F1} | 1.00 | {BenchApp.F(fullMs[0], "F3")} | 1.00 | {BenchApp.F(fullMs[1], "F3")} | 1.00 |");
        for (int b = 0; b < macs.BranchCount; b++)
        {
            report.AppendLine($"| partial {b} | {macs.Partial[b] / 1e6:F1} | {BenchApp.F(macs.PartialSpeedup(b))} | " +
                $"{BenchApp.F(partial[b, 0], "F3")} | {BenchApp.F(fullMs[0] / partial[b, 0])} | {BenchApp.F(partial[b, 1], "F3")} | {BenchApp.F(fullMs[1] / partial[b, 1])} |");
        }
    }
}
