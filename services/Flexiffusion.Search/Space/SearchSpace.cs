using System.Collections.Immutable;
using System.Globalization;

namespace Flexiffusion.Search.Space;

/// <summary>
/// The segment-wise search space (method.md §3): which segment counts, cache branches and intervals
/// a candidate may use over a teacher of <see cref="TeacherSteps"/> positions. Build it with
/// <see cref="Create"/>, which validates every field and names the bad one.
/// </summary>
public sealed partial class SearchSpace
{
    private SearchSpace(int teacherSteps, ImmutableArray<int> segmentCounts, ImmutableArray<int> branches,
        int minInterval, int? maxInterval, bool unequal, int minLength, int? maxLength)
    {
        TeacherSteps = teacherSteps;
        SegmentCounts = segmentCounts;
        Branches = branches;
        MinInterval = minInterval;
        MaxInterval = maxInterval;
        AllowUnequalSegments = unequal;
        MinSegmentLength = minLength;
        MaxSegmentLength = maxLength;
    }

    /// <summary>The teacher's step count <c>T</c>.</summary>
    public int TeacherSteps { get; }

    /// <summary>Allowed segment counts <c>N_seg</c>, ascending.</summary>
    public ImmutableArray<int> SegmentCounts { get; }

    /// <summary>Allowed cache branches, ascending.</summary>
    public ImmutableArray<int> Branches { get; }

    /// <summary>Smallest interval <c>k</c> (active positions per segment); 1 allows segments that run only their full step.</summary>
    public int MinInterval { get; }

    /// <summary>Largest interval <c>k</c>; null means the segment length.</summary>
    public int? MaxInterval { get; }

    /// <summary>Whether segments may differ in length (beyond the paper; off by default).</summary>
    public bool AllowUnequalSegments { get; }

    /// <summary>Shortest segment when segments are unequal.</summary>
    public int MinSegmentLength { get; }

    /// <summary>Longest segment when segments are unequal; null means no limit.</summary>
    public int? MaxSegmentLength { get; }

    /// <summary>
    /// Creates and validates a space. Defaults: every segment count the other limits allow (with equal
    /// segments, the divisors of <paramref name="teacherSteps"/>), intervals from 1 to the segment
    /// length, equal segments.
    /// </summary>
    /// <exception cref="FieldException">A value is invalid; the field is named as the contract names it.</exception>
    public static SearchSpace Create(int teacherSteps, IEnumerable<int> branches, IEnumerable<int>? segmentCounts = null,
        int minInterval = 1, int? maxInterval = null, bool allowUnequalSegments = false, int minSegmentLength = 1, int? maxSegmentLength = null)
    {
        ArgumentNullException.ThrowIfNull(branches);
        if (teacherSteps < 1)
            throw Invalid("evaluation.teacher_steps", $"must be ≥ 1 (got {teacherSteps})");
        ImmutableArray<int> branchList = [.. branches];
        if (branchList.IsEmpty)
            throw Invalid("space.branches", "must list at least one branch");
        if (branchList.FirstOrDefault(b => b < 0) is var negative && negative < 0)
            throw Invalid("space.branches", $"must be ≥ 0 (got {negative})");
        if (branchList.Distinct().Count() != branchList.Length)
            throw Invalid("space.branches", "lists a branch twice");
        if (minInterval < 1)
            throw Invalid("space.min_interval", $"must be ≥ 1 (got {minInterval})");
        if (maxInterval is { } max && max < minInterval)
            throw Invalid("space.max_interval", $"must be ≥ space.min_interval ({minInterval}) (got {max})");
        if (minSegmentLength < 1)
            throw Invalid("space.min_segment_length", $"must be ≥ 1 (got {minSegmentLength})");
        if (maxSegmentLength is { } maxLength && maxLength < minSegmentLength)
            throw Invalid("space.max_segment_length", $"must be ≥ space.min_segment_length ({minSegmentLength}) (got {maxLength})");
        ImmutableArray<int> counts = segmentCounts is null
            ? DefaultCounts(teacherSteps, minInterval, allowUnequalSegments, minSegmentLength, maxSegmentLength)
            : [.. segmentCounts];
        if (counts.IsEmpty)
            throw Invalid("space.segment_counts", "must list at least one segment count");
        if (counts.Distinct().Count() != counts.Length)
            throw Invalid("space.segment_counts", "lists a segment count twice");
        var space = new SearchSpace(teacherSteps, [.. counts.Order()], [.. branchList.Order()], minInterval, maxInterval,
            allowUnequalSegments, minSegmentLength, maxSegmentLength);
        foreach (int n in space.SegmentCounts)
            space.CheckSegmentCount(n);
        return space;
    }

    /// <summary>Every segment count the other limits allow: divisors of T whose segments hold the minimum interval, or any count that can tile T.</summary>
    private static ImmutableArray<int> DefaultCounts(int teacherSteps, int minInterval, bool unequal, int minLength, int? maxLength)
    {
        int shortest = unequal ? Math.Max(minLength, minInterval) : minInterval;
        int longest = unequal ? Math.Min(maxLength ?? teacherSteps, teacherSteps) : teacherSteps;
        return [.. Enumerable.Range(1, teacherSteps).Where(n => unequal
            ? (long)n * shortest <= teacherSteps && (long)n * longest >= teacherSteps
            : teacherSteps % n == 0 && teacherSteps / n >= shortest)];
    }

    private void CheckSegmentCount(int n)
    {
        if (n < 1 || n > TeacherSteps)
            throw Invalid("space.segment_counts", $"{n} is outside 1..{TeacherSteps}");
        if (!AllowUnequalSegments)
        {
            if (TeacherSteps % n != 0)
                throw Invalid("space.segment_counts", $"{n} does not divide the teacher's {TeacherSteps} steps (enable unequal segments, or use a divisor)");
            if (TeacherSteps / n < MinInterval)
                throw Invalid("space.segment_counts", $"{n} segments are {TeacherSteps / n} positions long, shorter than space.min_interval {MinInterval}");
            return;
        }
        int shortest = Math.Max(MinSegmentLength, MinInterval);
        int longest = Math.Min(MaxSegmentLength ?? TeacherSteps, TeacherSteps);
        if ((long)n * shortest > TeacherSteps || (long)n * longest < TeacherSteps)
            throw Invalid("space.segment_counts", string.Create(CultureInfo.InvariantCulture,
                $"{n} segments of {shortest}..{longest} positions cannot tile {TeacherSteps} steps"));
    }

    /// <summary>The shortest segment a candidate may have (taking the minimum interval into account).</summary>
    public int ShortestSegment => AllowUnequalSegments ? Math.Max(MinSegmentLength, MinInterval) : TeacherSteps / SegmentCounts[^1];

    /// <summary>The longest segment a candidate may have.</summary>
    public int LongestSegment => AllowUnequalSegments ? Math.Min(MaxSegmentLength ?? TeacherSteps, TeacherSteps) : TeacherSteps / SegmentCounts[0];

    /// <summary>The smallest interval allowed in a segment of <paramref name="length"/> positions.</summary>
    public int MinIntervalFor(int length) => Math.Min(MinInterval, length);

    /// <summary>The largest interval allowed in a segment of <paramref name="length"/> positions.</summary>
    public int MaxIntervalFor(int length) => Math.Min(MaxInterval ?? length, length);

    /// <summary>Whether a segment length is allowed.</summary>
    public bool AllowsLength(int length) => AllowUnequalSegments
        ? length >= ShortestSegment && length <= LongestSegment
        : SegmentCounts.Any(n => n * length == TeacherSteps);

    private static FieldException Invalid(string field, string why) => new(field, why);
}
