using System.Globalization;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Evolution;

/// <summary>
/// Hand-made schedules expressed as candidates, for seeding and as the baselines a search must beat.
/// Families whose segments are not all equal (k-step reduction when k does not divide T, quadratic
/// placement, DeepCache 1:N when N does not divide T, DeepCache non-uniform) need a space with
/// unequal segments.
/// </summary>
public static class KnownSchedules
{
    /// <summary>
    /// DDIM-k step reduction: <paramref name="steps"/> full steps at the positions <c>⌊j·T/k⌋</c> (as the
    /// plan shorthand <c>ddim:k</c> places them), nulls between. Equal segments when k divides T.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is outside 1..T.</exception>
    public static Candidate StepReduction(int teacherSteps, int steps)
    {
        CheckSteps(teacherSteps, steps);
        return FromStarts(teacherSteps, [.. Enumerable.Range(0, steps).Select(j => (int)((long)j * teacherSteps / steps))], -1, partial: false);
    }

    /// <summary>
    /// k-step reduction with DDIM's quadratic placement: counting positions back from the end of sampling,
    /// full step j sits at <c>T − ⌈T·((k − j)/k)²⌉</c>, so steps are sparse at high noise and dense at the end;
    /// positions that would coincide are pushed apart by one. Nulls between.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is outside 1..T.</exception>
    public static Candidate QuadraticStepReduction(int teacherSteps, int steps)
    {
        CheckSteps(teacherSteps, steps);
        var starts = new int[steps];
        for (int j = 0; j < steps; j++)
        {
            double fromEnd = (double)(steps - j) / steps;
            int position = teacherSteps - (int)Math.Ceiling(teacherSteps * fromEnd * fromEnd - 1e-9);
            int lowest = j == 0 ? 0 : starts[j - 1] + 1;
            starts[j] = Math.Min(Math.Max(position, lowest), teacherSteps - (steps - j));
        }
        return FromStarts(teacherSteps, starts, -1, partial: false);
    }

    /// <summary>DeepCache uniform 1:N: a full step every <paramref name="interval"/> positions, partial at <paramref name="branch"/> between; the last segment is shorter when N does not divide T.</summary>
    /// <exception cref="ArgumentException"><paramref name="interval"/> is outside 1..T.</exception>
    public static Candidate DeepCacheUniform(int teacherSteps, int interval, int branch)
    {
        if (interval < 1 || interval > teacherSteps)
            throw new ArgumentException($"interval {interval} is outside 1..{teacherSteps}", nameof(interval));
        return FromStarts(teacherSteps, [.. Enumerable.Range(0, (teacherSteps + interval - 1) / interval).Select(j => j * interval)], branch, partial: true);
    }

    /// <summary>
    /// DeepCache non-uniform 1:N: <paramref name="fullSteps"/> full steps placed densely around
    /// <paramref name="center"/> by DeepCache's quadratic-around-a-centre rule (positions
    /// <c>c + sign(x)|x|^p</c> for <c>x</c> evenly spaced between <c>−c^{1/p}</c> and <c>(T−c)^{1/p}</c>,
    /// truncated, the power lowered by 0.02 until exactly that many distinct positions come out),
    /// every other position partial at <paramref name="branch"/>. Null when no power above 1 works.
    /// This is our sign-preserving reading of its <c>sample_from_quad_center</c>.
    /// </summary>
    public static Candidate? DeepCacheNonUniform(int teacherSteps, int fullSteps, int branch, int center, double power = 1.4)
    {
        if (fullSteps < 2 || fullSteps > teacherSteps || center <= 0 || center >= teacherSteps)
            return null;
        for (double p = power; p > 1; p -= 0.02)
        {
            double low = -Math.Pow(center, 1 / p);
            double high = Math.Pow(teacherSteps - center, 1 / p);
            var values = new SortedSet<int>();
            for (int i = 0; i <= fullSteps; i++)
            {
                double x = low + (high - low) * i / fullSteps;
                values.Add((int)Math.Truncate(Math.Sign(x) * Math.Pow(Math.Abs(x), p)));
            }
            var inner = values.Skip(1).SkipLast(1).Select(v => v + center).Where(v => v > 0 && v < teacherSteps).ToList();
            if (inner.Count + 1 != fullSteps)
                continue;
            return FromStarts(teacherSteps, [0, .. inner], branch, partial: true);
        }
        return null;
    }

    /// <summary>The known schedules of the requested families that lie inside <paramref name="space"/>, without duplicates, in a fixed order.</summary>
    public static IReadOnlyList<Candidate> For(SearchSpace space, ScheduleSeeding kinds) => [.. Named(space, kinds).Select(k => k.Candidate)];

    /// <summary>
    /// The known schedules of the requested families that lie inside <paramref name="space"/>, each with its family
    /// and name, without duplicates (a schedule two families give keeps the first family's name), in a fixed order:
    /// step reduction, quadratic, DeepCache uniform, DeepCache non-uniform; within a family by step count, then branch.
    /// </summary>
    public static IReadOnlyList<KnownSchedule> Named(SearchSpace space, ScheduleSeeding kinds)
    {
        ArgumentNullException.ThrowIfNull(space);
        int t = space.TeacherSteps;
        var found = new List<KnownSchedule>();
        if (kinds.HasFlag(ScheduleSeeding.StepReduction))
            found.AddRange(space.SegmentCounts.Select(k => new KnownSchedule(ScheduleSeeding.StepReduction, Name($"ddim:{k}"), StepReduction(t, k))));
        if (kinds.HasFlag(ScheduleSeeding.QuadraticStepReduction))
            found.AddRange(space.SegmentCounts.Select(k => new KnownSchedule(ScheduleSeeding.QuadraticStepReduction, Name($"quadratic:{k}"), QuadraticStepReduction(t, k))));
        if (kinds.HasFlag(ScheduleSeeding.DeepCacheUniform))
        {
            foreach (int interval in Enumerable.Range(2, Math.Max(0, t - 1)))
            {
                foreach (int b in space.Branches)
                    found.Add(new KnownSchedule(ScheduleSeeding.DeepCacheUniform, Name($"deepcache:{interval}:{b}"), DeepCacheUniform(t, interval, b)));
            }
        }
        if (kinds.HasFlag(ScheduleSeeding.DeepCacheNonUniform) && space.AllowUnequalSegments)
        {
            int center = (int)Math.Round(0.3 * t);
            foreach (int n in space.SegmentCounts)
            {
                foreach (int b in space.Branches)
                {
                    if (DeepCacheNonUniform(t, n, b, center) is { } c)
                        found.Add(new KnownSchedule(ScheduleSeeding.DeepCacheNonUniform, Name($"deepcache-nu:{n}:{b}"), c));
                }
            }
        }
        var seen = new HashSet<Candidate>();
        return [.. found.Where(k => space.Contains(k.Candidate) && seen.Add(k.Candidate))];
    }

    private static string Name(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void CheckSteps(int teacherSteps, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(teacherSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, teacherSteps);
    }

    /// <summary>A candidate whose segments start at <paramref name="starts"/>: all-partial segments, or full-only ones.</summary>
    private static Candidate FromStarts(int teacherSteps, IReadOnlyList<int> starts, int branch, bool partial) =>
        new(starts.Select((start, j) =>
        {
            int length = (j + 1 < starts.Count ? starts[j + 1] : teacherSteps) - start;
            return new Segment(length, branch, partial ? length : 1);
        }));
}
