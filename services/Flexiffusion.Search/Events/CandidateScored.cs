using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Search.Events;

/// <summary>One candidate got its score, from the evaluator or from the cache.</summary>
/// <param name="Generation">The generation.</param>
/// <param name="Candidate">The scored candidate.</param>
/// <param name="FromCache">Whether the score came from the candidate cache.</param>
/// <param name="Duration">The evaluator's wall time, when known.</param>
/// <param name="EvaluatorId">The evaluator, when known.</param>
public sealed record CandidateScored(int Generation, ScoredCandidate Candidate, bool FromCache, TimeSpan? Duration, string? EvaluatorId)
    : SearchEvent(Generation);
