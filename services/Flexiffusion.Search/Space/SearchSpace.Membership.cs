using System.Globalization;

namespace Flexiffusion.Search.Space;

public sealed partial class SearchSpace
{
    /// <summary>Whether the candidate lies in this space.</summary>
    public bool Contains(Candidate candidate) => Explain(candidate) is null;

    /// <summary>Why the candidate lies outside this space, or null when it lies inside.</summary>
    public string? Explain(Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.TeacherSteps != TeacherSteps)
            return Say($"it covers {candidate.TeacherSteps} steps, the teacher has {TeacherSteps}");
        if (!SegmentCounts.Contains(candidate.SegmentCount))
            return Say($"{candidate.SegmentCount} segments is not an allowed segment count ({string.Join(',', SegmentCounts)})");
        if (!AllowUnequalSegments && !candidate.HasEqualSegments)
            return "its segments are unequal and unequal segments are not enabled";
        for (int i = 0; i < candidate.Segments.Length; i++)
        {
            var s = candidate.Segments[i];
            if (AllowUnequalSegments && (s.Length < ShortestSegment || s.Length > LongestSegment))
                return Say($"segment {i + 1} is {s.Length} positions long, outside {ShortestSegment}..{LongestSegment}");
            if (s.Interval < MinIntervalFor(s.Length) || s.Interval > MaxIntervalFor(s.Length))
                return Say($"segment {i + 1} has interval {s.Interval}, outside {MinIntervalFor(s.Length)}..{MaxIntervalFor(s.Length)}");
            if (s.Interval > 1 && !Branches.Contains(s.Branch))
                return Say($"segment {i + 1} uses branch {s.Branch}, not an allowed branch ({string.Join(',', Branches)})");
        }
        return null;
    }

    /// <summary>Throws when the candidate lies outside this space.</summary>
    /// <exception cref="ArgumentException">The candidate lies outside the space; the message says why.</exception>
    public void EnsureContains(Candidate candidate, string paramName)
    {
        if (Explain(candidate) is { } why)
            throw new ArgumentException($"{paramName}: candidate '{candidate}' is outside the search space: {why}", paramName);
    }

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
