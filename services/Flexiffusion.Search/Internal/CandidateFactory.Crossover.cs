using Flexiffusion.Plans;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Internal;

internal sealed partial class CandidateFactory
{
    /// <summary>
    /// Segment-wise crossover of two parents with the same segment count: each segment's gene
    /// (branch, interval) comes whole from one parent or the other; with unequal segments the
    /// lengths come from one parent and intervals are clamped to them. Repaired to the budget.
    /// </summary>
    /// <exception cref="ArgumentException">The parents' segment counts differ.</exception>
    public Candidate? Crossover(Candidate a, Candidate b, SearchRandom rng)
    {
        if (a.SegmentCount != b.SegmentCount)
            throw new ArgumentException($"crossover needs parents with the same segment count ({a.SegmentCount} ≠ {b.SegmentCount})", nameof(b));
        var lengths = (rng.Chance(0.5) ? a : b).Lengths.ToArray();
        var segments = new Segment[lengths.Length];
        for (int i = 0; i < segments.Length; i++)
        {
            var gene = (rng.Chance(0.5) ? a : b).Segments[i];
            int k = Math.Clamp(gene.Interval, _space.MinIntervalFor(lengths[i]), _space.MaxIntervalFor(lengths[i]));
            int branch = gene.Branch >= 0 ? gene.Branch : rng.Pick(_space.Branches);
            segments[i] = new Segment(lengths[i], branch, k);
        }
        return Repair(segments, rng);
    }
}
