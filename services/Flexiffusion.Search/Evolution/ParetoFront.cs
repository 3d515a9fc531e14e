using Flexiffusion.Search.Costs;

namespace Flexiffusion.Search.Evolution;

/// <summary>Pareto dominance over (score, cost), both minimised, and NSGA-II ranking for parent selection.</summary>
public static class ParetoFront
{
    /// <summary>Whether <paramref name="a"/> is no worse than <paramref name="b"/> in both objectives and better in one.</summary>
    public static bool Dominates(ScoredCandidate a, ScoredCandidate b, CostMetric metric)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double ca = a.Cost.In(metric), cb = b.Cost.In(metric);
        return a.RankScore <= b.RankScore && ca <= cb && (a.RankScore < b.RankScore || ca < cb);
    }

    /// <summary>The non-dominated candidates, cheapest first (ties by score, then canonical text).</summary>
    public static IReadOnlyList<ScoredCandidate> Of(IEnumerable<ScoredCandidate> candidates, CostMetric metric)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var sorted = candidates
            .OrderBy(c => c.Cost.In(metric))
            .ThenBy(c => c.RankScore)
            .ThenBy(c => c.Text, StringComparer.Ordinal)
            .ToList();
        // Sorted by cost then score, every candidate that dominates another comes before it, and a
        // dominated candidate's dominator is itself in the front or dominated by a member (transitivity).
        var front = new List<ScoredCandidate>();
        foreach (var c in sorted)
        {
            if (!front.Any(f => Dominates(f, c, metric)))
                front.Add(c);
        }
        return front;
    }

    /// <summary>
    /// Orders candidates for parent selection as NSGA-II does (Deb et al. 2002): by non-domination
    /// rank, then by crowding distance (larger first), then by canonical text so the order is total.
    /// </summary>
    public static IReadOnlyList<ScoredCandidate> Rank(IReadOnlyList<ScoredCandidate> candidates, CostMetric metric)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var remaining = candidates.ToList();
        var ordered = new List<ScoredCandidate>(remaining.Count);
        while (remaining.Count > 0)
        {
            var layer = remaining.Where(c => !remaining.Any(o => Dominates(o, c, metric))).ToList();
            var crowding = Crowding(layer, metric);
            ordered.AddRange(layer
                .OrderByDescending(c => crowding[c])
                .ThenBy(c => c.RankScore)
                .ThenBy(c => c.Text, StringComparer.Ordinal));
            var taken = layer.ToHashSet();
            remaining.RemoveAll(taken.Contains);
        }
        return ordered;
    }

    private static Dictionary<ScoredCandidate, double> Crowding(List<ScoredCandidate> layer, CostMetric metric)
    {
        var distance = layer.ToDictionary(c => c, _ => 0.0);
        foreach (Func<ScoredCandidate, double> objective in new Func<ScoredCandidate, double>[] { c => c.RankScore, c => c.Cost.In(metric) })
        {
            var sorted = layer.OrderBy(objective).ThenBy(c => c.Text, StringComparer.Ordinal).ToList();
            double span = objective(sorted[^1]) - objective(sorted[0]);
            distance[sorted[0]] = double.PositiveInfinity;
            distance[sorted[^1]] = double.PositiveInfinity;
            if (!(span > 0) || !double.IsFinite(span))
                continue;
            for (int i = 1; i < sorted.Count - 1; i++)
                distance[sorted[i]] += (objective(sorted[i + 1]) - objective(sorted[i - 1])) / span;
        }
        return distance;
    }
}
