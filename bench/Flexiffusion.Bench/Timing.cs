using System.Diagnostics;

namespace Flexiffusion.Bench;

/// <summary>Median wall time of repeated runs after warm-up.</summary>
public static class Timing
{
    public static double MedianMs(Action action, int warmup, int repeats)
    {
        for (int i = 0; i < warmup; i++)
            action();
        var samples = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(samples);
        return repeats % 2 == 1 ? samples[repeats / 2] : (samples[repeats / 2 - 1] + samples[repeats / 2]) / 2;
    }
}
