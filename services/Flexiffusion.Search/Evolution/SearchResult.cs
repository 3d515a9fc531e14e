namespace Flexiffusion.Search.Evolution;

/// <summary>What a search returns.</summary>
/// <param name="Best">The lowest-scoring candidate (ties: cheaper, then canonical text); every candidate fits the budget.</param>
/// <param name="Front">The Pareto front of (score, cost) over every candidate scored, cheapest first.</param>
/// <param name="History">Every candidate scored, in the order the search proposed them.</param>
/// <param name="Generations">Generations completed.</param>
/// <param name="Evaluations">Candidates this run sent to the evaluator.</param>
/// <param name="CacheHits">Candidates this run took from the candidate cache.</param>
public sealed record SearchResult(ScoredCandidate Best, IReadOnlyList<ScoredCandidate> Front, IReadOnlyList<ScoredCandidate> History,
    int Generations, int Evaluations, int CacheHits);
