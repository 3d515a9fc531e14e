using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Orchestration.Searches;

/// <summary>A generation finished (and its snapshot was persisted).</summary>
/// <param name="Generation">The generation.</param>
/// <param name="Best">The best candidate so far.</param>
/// <param name="Front">The Pareto front of (score, cost) so far, cheapest first.</param>
/// <param name="Scored">Candidates scored so far.</param>
public sealed record GenerationUpdate(int Generation, ScoredCandidate Best, IReadOnlyList<ScoredCandidate> Front, int Scored) : SearchUpdate;
