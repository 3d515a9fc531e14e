using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Search.Events;

/// <summary>One candidate got its score, from the evaluator or from the cache.</summary>
/// <param name="Generation">The generation.</param>
/// <param name="Candidate">The scored candidate with its cost and everything the evaluator measured.</param>
/// <param name="FromCache">Whether the score came from the candidate cache.</param>
public sealed record CandidateScored(int Generation, ScoredCandidate Candidate, bool FromCache)
    : SearchEvent(Generation);
