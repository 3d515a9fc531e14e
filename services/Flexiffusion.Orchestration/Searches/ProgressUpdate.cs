using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Orchestration.Searches;

/// <summary>One candidate got its score. A slow watcher may miss some of these (never the other updates).</summary>
/// <param name="Generation">The generation.</param>
/// <param name="Candidate">The candidate with its cost, score and everything the evaluator measured.</param>
/// <param name="FromCache">Whether the score came from the candidate cache.</param>
/// <param name="Done">Candidates of this generation scored so far.</param>
/// <param name="Total">Candidates of this generation to score.</param>
public sealed record ProgressUpdate(int Generation, ScoredCandidate Candidate, bool FromCache, int Done, int Total)
    : SearchUpdate;
