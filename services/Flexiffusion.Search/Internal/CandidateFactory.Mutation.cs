using Flexiffusion.Plans;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Internal;

internal sealed partial class CandidateFactory
{
    private enum Change { Branch, Interval, Length }

    /// <summary>
    /// Segment-aware mutation: with the re-tile probability, re-draws the segment count and maps the
    /// old genes onto the new segments; otherwise changes each segment with the mutation probability
    /// (one segment at least) in its branch, its interval or, with unequal segments, its boundary.
    /// The result is repaired to the budget; null when it cannot be.
    /// </summary>
    public Candidate? Mutate(Candidate parent, SearchRandom rng)
    {
        if (FeasibleCounts.Count > 1 && rng.Chance(_options.RetileProbability))
            return Retile(parent, rng);
        var segments = parent.Segments.ToArray();
        bool changed = false;
        for (int i = 0; i < segments.Length; i++)
        {
            if (rng.Chance(_options.MutationProbability))
                changed |= MutateSegment(segments, i, rng);
        }
        if (!changed)
            MutateSegment(segments, rng.Next(segments.Length), rng);
        return Repair(segments, rng);
    }

    private bool MutateSegment(Segment[] segments, int i, SearchRandom rng)
    {
        var s = segments[i];
        var changes = new List<Change>(3);
        if (s.Interval > 1 && _space.Branches.Length > 1)
            changes.Add(Change.Branch);
        if (_space.MaxIntervalFor(s.Length) > _space.MinIntervalFor(s.Length))
            changes.Add(Change.Interval);
        if (_space.AllowUnequalSegments && segments.Length > 1)
            changes.Add(Change.Length);
        if (changes.Count == 0)
            return false;
        switch (rng.Pick(changes))
        {
            case Change.Branch:
                var others = _space.Branches.Where(b => b != s.Branch).ToList();
                segments[i] = new Segment(s.Length, rng.Pick(others), s.Interval);
                return true;
            case Change.Interval:
                int k = rng.Between(_space.MinIntervalFor(s.Length), _space.MaxIntervalFor(s.Length) - 1);
                if (k >= s.Interval)
                    k++;
                segments[i] = new Segment(s.Length, s.Branch >= 0 ? s.Branch : rng.Pick(_space.Branches), k);
                return true;
            default:
                return MoveBoundary(segments, i, rng);
        }
    }

    /// <summary>
    /// Moves the boundary between segment <paramref name="i"/> and a neighbour, keeping both lengths allowed: half the
    /// time by one position (a nudge, which fine-tunes where a full step sits: the placement of steps matters as much as
    /// their count for multistep samplers), else to any allowed length.
    /// </summary>
    private bool MoveBoundary(Segment[] segments, int i, SearchRandom rng)
    {
        int j = i == segments.Length - 1 ? i - 1 : i == 0 ? 1 : (rng.Chance(0.5) ? i - 1 : i + 1);
        int pair = segments[i].Length + segments[j].Length;
        int low = Math.Max(_space.ShortestSegment, pair - _space.LongestSegment);
        int high = Math.Min(_space.LongestSegment, pair - _space.ShortestSegment);
        if (high <= low)
            return false;
        int length;
        if (rng.Chance(0.5))
        {
            int step = rng.Chance(0.5) ? 1 : -1;
            length = segments[i].Length + step >= low && segments[i].Length + step <= high ? segments[i].Length + step : segments[i].Length - step;
        }
        else
        {
            length = rng.Between(low, high - 1);
            if (length >= segments[i].Length)
                length++;
        }
        segments[i] = Resize(segments[i], length);
        segments[j] = Resize(segments[j], pair - length);
        return true;
    }

    private Segment Resize(Segment s, int length) =>
        new(length, s.Branch, Math.Clamp(s.Interval, _space.MinIntervalFor(length), _space.MaxIntervalFor(length)));

    /// <summary>Re-draws the segment count and re-tiles; each new segment takes the gene of the old segment under its centre, its interval scaled to the new length.</summary>
    private Candidate? Retile(Candidate parent, SearchRandom rng)
    {
        var counts = FeasibleCounts.Where(n => n != parent.SegmentCount).ToList();
        if (counts.Count == 0)
            return null;
        int n = rng.Pick(counts);
        var lengths = Tiling(n, rng);
        var starts = new int[parent.SegmentCount];
        for (int i = 1; i < starts.Length; i++)
            starts[i] = starts[i - 1] + parent.Segments[i - 1].Length;
        var segments = new Segment[n];
        int start = 0;
        for (int j = 0; j < n; j++)
        {
            int centre = start + lengths[j] / 2;
            int source = Array.FindLastIndex(starts, s => s <= centre);
            var old = parent.Segments[source];
            int scaled = (int)Math.Round((double)old.Interval * lengths[j] / old.Length, MidpointRounding.AwayFromZero);
            int k = Math.Clamp(scaled, _space.MinIntervalFor(lengths[j]), _space.MaxIntervalFor(lengths[j]));
            int branch = old.Branch >= 0 ? old.Branch : rng.Pick(_space.Branches);
            segments[j] = new Segment(lengths[j], branch, k);
            start += lengths[j];
        }
        return Repair(segments, rng);
    }
}
