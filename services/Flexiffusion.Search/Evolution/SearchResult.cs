namespace Flexiffusion.Search.Evolution;

/// <summary>What a search returns.</summary>
/// <param name="Best">The lowest-scoring candidate on the search's own noise (ties: cheaper, then canonical text); every candidate fits the budget.</param>
/// <param name="Front">The Pareto front of (score, cost) over every candidate scored, cheapest first.</param>
/// <param name="History">Every candidate scored, in the order the search proposed them.</param>
/// <param name="Generations">Generations completed.</param>
/// <param name="Evaluations">Candidates this run sent to the evaluator.</param>
/// <param name="CacheHits">Candidates this run took from the candidate cache.</param>
public sealed record SearchResult(ScoredCandidate Best, IReadOnlyList<ScoredCandidate> Front, IReadOnlyList<ScoredCandidate> History,
    int Generations, int Evaluations, int CacheHits)
{
    /// <summary>The best hand-made schedule scored on the search's noise and the margin over it; null when none was seeded or without a budget.</summary>
    public BaselineComparison? Baseline { get; init; }

    /// <summary>The finalists scored again under the confirmation settings, when the search was asked to confirm.</summary>
    public Confirmation? Confirmation { get; init; }

    /// <summary>The search's answer: the confirmed best when there was a confirmation, else <see cref="Best"/>.</summary>
    public ScoredCandidate Answer => Confirmation?.Best.Searched ?? Best;
}
