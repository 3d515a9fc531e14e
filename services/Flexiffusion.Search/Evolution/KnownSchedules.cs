using System.Globalization;
using Flexiffusion.Plans;
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
    /// <summary>DDIM-k step reduction: full steps at <see cref="FullSteps.Uniform"/> (as <c>ddim:k</c>), nulls between. Equal segments when k divides T.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is outside 1..T.</exception>
    public static Candidate StepReduction(int teacherSteps, int steps) => FromStarts(teacherSteps, FullSteps.Uniform(teacherSteps, steps), -1, partial: false);

    /// <summary>k-step reduction with DDIM's quadratic placement (<see cref="FullSteps.Quadratic"/>, as <c>quadratic:k</c>), nulls between.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is outside 1..T.</exception>
    public static Candidate QuadraticStepReduction(int teacherSteps, int steps) => FromStarts(teacherSteps, FullSteps.Quadratic(teacherSteps, steps), -1, partial: false);

    /// <summary>DeepCache uniform 1:N (<see cref="FullSteps.Every"/>, as <c>deepcache:N:b</c>): partial at <paramref name="branch"/> between full steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is outside 1..T.</exception>
    public static Candidate DeepCacheUniform(int teacherSteps, int interval, int branch) => FromStarts(teacherSteps, FullSteps.Every(teacherSteps, interval), branch, partial: true);

    /// <summary>
    /// DeepCache non-uniform 1:N (<see cref="FullSteps.AroundCenter"/>, as <c>deepcache-nu:k:b</c> around
    /// <see cref="FullSteps.DefaultCenter"/>): partial at <paramref name="branch"/> between full steps. Null when no
    /// placement exists.
    /// </summary>
    public static Candidate? DeepCacheNonUniform(int teacherSteps, int fullSteps, int branch, int center, double power = 1.4) =>
        FullSteps.AroundCenter(teacherSteps, fullSteps, center, power) is { } starts ? FromStarts(teacherSteps, starts, branch, partial: true) : null;

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
            int center = FullSteps.DefaultCenter(t);
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


    /// <summary>A candidate whose segments start at <paramref name="starts"/>: all-partial segments, or full-only ones.</summary>
    private static Candidate FromStarts(int teacherSteps, IReadOnlyList<int> starts, int branch, bool partial) =>
        new(starts.Select((start, j) =>
        {
            int length = (j + 1 < starts.Count ? starts[j + 1] : teacherSteps) - start;
            return new Segment(length, branch, partial ? length : 1);
        }));
}
