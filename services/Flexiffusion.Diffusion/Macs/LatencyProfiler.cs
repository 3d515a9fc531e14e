using System.Diagnostics;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Plans;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Macs;

/// <summary>
/// Measures what MACs only predict: the wall time of a full step and of each branch's partial step on the device the
/// model lives on, per image at a given batch size (median of timed runs after warm-up). Each run reads one value
/// of its output back, so asynchronous devices are timed to completion.
/// </summary>
public static class LatencyProfiler
{
    /// <summary>Times the steps of <paramref name="model"/> on <paramref name="device"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The batch size, warm-up or repeat count is out of range.</exception>
    public static LatencyReport Measure(UNet model, Device device, int batchSize = 64, int repeats = 5, int warmup = 2)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        var config = model.Layout.Config;
        bool training = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var generator = new Generator(0);
            using var x = randn([batchSize, config.InChannels, config.Resolution, config.Resolution], generator: generator).to(device);
            using var t = full([batchSize], 500L, ScalarType.Int64).to(device);
            using var cache = new FeatureCache();
            int[] all = [.. Enumerable.Range(0, model.BranchCount)];
            double fullMs = MedianMs(() => model.RunStep(x, t, PlanStep.Full, cache, all), warmup, repeats) / batchSize;
            var partial = new double[model.BranchCount];
            for (int b = 0; b < partial.Length; b++)
            {
                var step = PlanStep.Partial(b);
                partial[b] = MedianMs(() => model.RunStep(x, t, step, cache), warmup, repeats) / batchSize;
            }
            return new LatencyReport(device.ToString(), batchSize, repeats, fullMs, partial);
        }
        finally
        {
            model.train(training);
        }
    }

    private static double MedianMs(Func<Tensor> step, int warmup, int repeats)
    {
        for (int i = 0; i < warmup; i++)
            Run(step);
        var samples = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            Run(step);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(samples);
        return repeats % 2 == 1 ? samples[repeats / 2] : (samples[repeats / 2 - 1] + samples[repeats / 2]) / 2;
    }

    private static void Run(Func<Tensor> step)
    {
        using var scope = NewDisposeScope();
        var output = step();
        _ = output.flatten()[0].item<float>();
    }
}
