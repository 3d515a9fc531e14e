using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Orchestration.Internal;

/// <summary>What a stored snapshot says about a search: its scored candidates, the best so far and the front, ranked as the engine ranks them.</summary>
internal static class SnapshotSummary
{
    /// <summary>Every scored candidate of the snapshot with its cost, in proposal order.</summary>
    /// <exception cref="FormatException">A candidate does not parse for the request's teacher.</exception>
    public static List<ScoredCandidate> History(SearchSnapshot snapshot, SearchRequest request)
    {
        var costs = new CostModel(request.Costs);
        var history = new List<ScoredCandidate>(snapshot.Evaluated.Count);
        foreach (var entry in snapshot.Evaluated)
        {
            if (!Candidate.TryParse(entry.Candidate, request.Space.TeacherSteps, out var candidate, out string? error))
                throw new FormatException($"snapshot candidate '{entry.Candidate}': {error}");
            history.Add(new ScoredCandidate(candidate!, costs.Evaluate(candidate!), entry.Score, entry.Generation));
        }
        return history;
    }

    /// <summary>Whether <paramref name="a"/> ranks before <paramref name="b"/> as the best: lower score, then cheaper, then canonical text.</summary>
    public static bool IsBetter(ScoredCandidate a, ScoredCandidate? b, CostMetric metric)
    {
        if (b is null)
            return true;
        int c = a.RankScore.CompareTo(b.RankScore);
        if (c == 0)
            c = a.Cost.In(metric).CompareTo(b.Cost.In(metric));
        if (c == 0)
            c = string.CompareOrdinal(a.Text, b.Text);
        return c < 0;
    }

    /// <summary>The best of the candidates, when any.</summary>
    public static ScoredCandidate? Best(IEnumerable<ScoredCandidate> history, CostMetric metric)
    {
        ScoredCandidate? best = null;
        foreach (var h in history)
        {
            if (IsBetter(h, best, metric))
                best = h;
        }
        return best;
    }

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
