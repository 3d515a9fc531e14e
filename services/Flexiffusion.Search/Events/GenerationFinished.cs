using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Search.Events;

/// <summary>A generation is complete: the best so far, the current front and a snapshot to resume from.</summary>
/// <param name="Generation">The generation.</param>
/// <param name="Best">The best candidate so far (lowest score under the budget).</param>
/// <param name="Front">The Pareto front of (score, cost) so far, cheapest first.</param>
/// <param name="Snapshot">The full search state; resuming from it continues with the next generation.</param>
public sealed record GenerationFinished(int Generation, ScoredCandidate Best, IReadOnlyList<ScoredCandidate> Front, SearchSnapshot Snapshot)
    : SearchEvent(Generation);
