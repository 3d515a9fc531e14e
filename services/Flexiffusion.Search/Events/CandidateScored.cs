using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Search.Events;

/// <summary>One candidate got its score, from the evaluator or from the cache.</summary>
/// <param name="Generation">The generation.</param>
/// <param name="Candidate">The scored candidate with its cost.</param>
/// <param name="Evaluation">Everything the evaluator measured (score, KID, wall time, throughput, evaluator, replicates).</param>
/// <param name="FromCache">Whether the score came from the candidate cache.</param>
public sealed record CandidateScored(int Generation, ScoredCandidate Candidate, CandidateEvaluation Evaluation, bool FromCache)
    : SearchEvent(Generation);
