using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Evolution;

/// <summary>Known hand-made schedules expressed as candidates, for seeding and for comparison.</summary>
public static class KnownSchedules
{
    /// <summary>Uniform DDIM-k step reduction: <paramref name="steps"/> equal segments that run only their full step.</summary>
    public static Candidate StepReduction(int teacherSteps, int steps) =>
        Candidate.Equal(teacherSteps, [.. Enumerable.Repeat((-1, 1), steps)]);

    /// <summary>DeepCache uniform 1:N: a full step every <paramref name="interval"/> positions, partial at <paramref name="branch"/> between.</summary>
    public static Candidate DeepCacheUniform(int teacherSteps, int interval, int branch)
    {
        if (interval < 1 || teacherSteps % interval != 0)
            throw new ArgumentException($"interval {interval} does not divide {teacherSteps} steps", nameof(interval));
        return Candidate.Equal(teacherSteps, [.. Enumerable.Repeat((branch, interval), teacherSteps / interval)]);
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
            var starts = new List<int> { 0 };
            starts.AddRange(inner);
            starts.Add(teacherSteps);
            return new Candidate(Enumerable.Range(0, fullSteps).Select(j =>
            {
                int length = starts[j + 1] - starts[j];
                return new Segment(length, branch, length);
            }));
        }
        return null;
    }

    /// <summary>The known schedules of the requested kinds that lie inside <paramref name="space"/>, without duplicates, in a fixed order.</summary>
    public static IReadOnlyList<Candidate> For(SearchSpace space, ScheduleSeeding kinds)
    {
        ArgumentNullException.ThrowIfNull(space);
        int t = space.TeacherSteps;
        var found = new List<Candidate>();
        if (kinds.HasFlag(ScheduleSeeding.StepReduction))
            found.AddRange(space.SegmentCounts.Where(n => t % n == 0).Select(n => StepReduction(t, n)));
        if (kinds.HasFlag(ScheduleSeeding.DeepCacheUniform))
        {
            foreach (int n in space.SegmentCounts.Where(n => t % n == 0 && t / n > 1))
                found.AddRange(space.Branches.Select(b => DeepCacheUniform(t, t / n, b)));
        }
        if (kinds.HasFlag(ScheduleSeeding.DeepCacheNonUniform) && space.AllowUnequalSegments)
        {
            int center = (int)Math.Round(0.3 * t);
            foreach (int n in space.SegmentCounts)
            {
                foreach (int b in space.Branches)
                {
                    if (DeepCacheNonUniform(t, n, b, center) is { } c)
                        found.Add(c);
                }
            }
        }
        return [.. found.Where(space.Contains).Distinct()];
    }
}
