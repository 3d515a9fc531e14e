namespace Flexiffusion.Plans;

/// <summary>
/// Where the known hand-made schedules put their full steps, as increasing positions starting at 0: the one
/// definition behind both the plan shorthands (<c>ddim:k</c>, <c>quadratic:k</c>, <c>deepcache:N:b</c>,
/// <c>deepcache-nu:k:b</c>) and the search's seeding with known schedules.
/// </summary>
public static class FullSteps
{
    /// <summary>DDIM-k step reduction: <paramref name="steps"/> full steps at <c>⌊j·T/k⌋</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is outside 1..T.</exception>
    public static int[] Uniform(int positions, int steps)
    {
        CheckSteps(positions, steps);
        return [.. Enumerable.Range(0, steps).Select(j => (int)((long)j * positions / steps))];
    }

    /// <summary>
    /// k-step reduction with DDIM's quadratic placement: counting back from the end of sampling, full step j sits at
    /// <c>T − ⌈T·((k − j)/k)²⌉</c>, so steps are sparse at high noise and dense at the end; positions that would
    /// coincide are pushed apart by one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is outside 1..T.</exception>
    public static int[] Quadratic(int positions, int steps)
    {
        CheckSteps(positions, steps);
        var starts = new int[steps];
        for (int j = 0; j < steps; j++)
        {
            double fromEnd = (double)(steps - j) / steps;
            int position = positions - (int)Math.Ceiling(positions * fromEnd * fromEnd - 1e-9);
            int lowest = j == 0 ? 0 : starts[j - 1] + 1;
            starts[j] = Math.Min(Math.Max(position, lowest), positions - (steps - j));
        }
        return starts;
    }

    /// <summary>DeepCache uniform 1:N: a full step every <paramref name="interval"/> positions (the last gap shorter when N does not divide T).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is outside 1..T.</exception>
    public static int[] Every(int positions, int interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(positions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(interval, positions);
        return [.. Enumerable.Range(0, (positions + interval - 1) / interval).Select(j => j * interval)];
    }

    /// <summary>
    /// DeepCache non-uniform: <paramref name="steps"/> full steps placed densely around <paramref name="center"/> by
    /// DeepCache's quadratic-around-a-centre rule (positions <c>c + sign(x)|x|^p</c> for <c>x</c> evenly spaced between
    /// <c>−c^{1/p}</c> and <c>(T−c)^{1/p}</c>, truncated, the power lowered by 0.02 until exactly that many distinct
    /// positions come out), position 0 always full. Null when no power above 1 works. This is our sign-preserving
    /// reading of its <c>sample_from_quad_center</c>.
    /// </summary>
    public static int[]? AroundCenter(int positions, int steps, int center, double power = 1.4)
    {
        if (steps < 2 || steps > positions || center <= 0 || center >= positions)
            return null;
        for (double p = power; p > 1; p -= 0.02)
        {
            double low = -Math.Pow(center, 1 / p);
            double high = Math.Pow(positions - center, 1 / p);
            var values = new SortedSet<int>();
            for (int i = 0; i <= steps; i++)
            {
                double x = low + (high - low) * i / steps;
                values.Add((int)Math.Truncate(Math.Sign(x) * Math.Pow(Math.Abs(x), p)));
            }
            var inner = values.Skip(1).SkipLast(1).Select(v => v + center).Where(v => v > 0 && v < positions).ToList();
            if (inner.Count + 1 == steps)
                return [0, .. inner];
        }
        return null;
    }

    /// <summary>The centre DeepCache's non-uniform schedule is placed around: 30% of the way through sampling.</summary>
    public static int DefaultCenter(int positions) => (int)Math.Round(0.3 * positions);

    private static void CheckSteps(int positions, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(positions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, positions);
    }
}
