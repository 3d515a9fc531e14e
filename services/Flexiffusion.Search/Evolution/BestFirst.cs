using Flexiffusion.Search.Costs;

namespace Flexiffusion.Search.Evolution;

/// <summary>
/// The engine's ranking of scored candidates, best first: the lower score (non-finite last), then the cheaper in
/// <paramref name="metric"/>, then the canonical text. The best of a search is the first in this order.
/// </summary>
/// <param name="metric">The cost metric ties are broken by.</param>
public sealed class BestFirst(CostMetric metric) : IComparer<ScoredCandidate>
{
    /// <inheritdoc />
    public int Compare(ScoredCandidate? x, ScoredCandidate? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null)
            return 1;
        if (y is null)
            return -1;
        int c = x.RankScore.CompareTo(y.RankScore);
        if (c == 0)
            c = x.Cost.In(metric).CompareTo(y.Cost.In(metric));
        return c != 0 ? c : string.CompareOrdinal(x.Text, y.Text);
    }
}
