using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Evolution;

/// <summary>A candidate with its cost and score, and the generation that first proposed it.</summary>
/// <param name="Candidate">The candidate.</param>
/// <param name="Cost">Its cost from the cost model.</param>
/// <param name="Score">Its fitness (lower is better).</param>
/// <param name="Generation">The generation that first proposed it (0 = first population).</param>
public sealed record ScoredCandidate(Candidate Candidate, CandidateCost Cost, double Score, int Generation)
{
    /// <summary>The score for ranking: non-finite scores rank after every finite one.</summary>
    public double RankScore => double.IsFinite(Score) ? Score : double.PositiveInfinity;

    /// <summary>The candidate's canonical text.</summary>
    public string Text => Candidate.ToString();
}
