using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Orchestration.Internal;

/// <summary>What a stored snapshot says about a search, read by the engine itself (its restore, its ranking), as a store error when it does not fit.</summary>
internal static class SnapshotSummary
{
    /// <summary>Every scored candidate of the snapshot with its cost, in proposal order.</summary>
    /// <exception cref="FormatException">The snapshot does not fit the request.</exception>
    public static IReadOnlyList<ScoredCandidate> History(SearchSnapshot snapshot, SearchRequest request)
    {
        try
        {
            return EvolutionarySearch.HistoryOf(request, snapshot);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"a stored snapshot does not fit its search: {e.Message}", e);
        }
    }

    /// <summary>Whether <paramref name="a"/> ranks before <paramref name="b"/> as the best (<see cref="BestFirst"/>).</summary>
    public static bool IsBetter(ScoredCandidate a, ScoredCandidate? b, CostMetric metric) => new BestFirst(metric).Compare(a, b) < 0;

    /// <summary>The best of the candidates, when any.</summary>
    public static ScoredCandidate? Best(IEnumerable<ScoredCandidate> history, CostMetric metric) => history.Order(new BestFirst(metric)).FirstOrDefault();

    /// <summary>The result a completed search returned, rebuilt from its final snapshot and the run's counters.</summary>
    public static SearchResult Result(SearchSnapshot snapshot, SearchRequest request, int evaluations, int cacheHits, string confirmationSettings)
    {
        try
        {
            return EvolutionarySearch.ResultFrom(request, snapshot, evaluations, cacheHits, confirmationSettings);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"a completed search's snapshot does not fit its request: {e.Message}", e);
        }
    }
}
