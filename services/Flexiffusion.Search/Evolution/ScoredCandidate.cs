using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Evolution;

/// <summary>A candidate's evaluation placed in the search: with its cost, and the generation that first proposed it.</summary>
/// <param name="Evaluation">What the evaluator measured (score, KID, time, evaluator, replicates).</param>
/// <param name="Cost">Its cost from the cost model.</param>
/// <param name="Generation">The generation that first proposed it (0 = first population).</param>
public sealed record ScoredCandidate(CandidateEvaluation Evaluation, CandidateCost Cost, int Generation)
{
    /// <summary>A candidate known only by its score (tests, hand-made results).</summary>
    public ScoredCandidate(Candidate candidate, CandidateCost cost, double score, int generation)
        : this(new CandidateEvaluation(candidate, score), cost, generation)
    {
    }

    /// <summary>The candidate.</summary>
    public Candidate Candidate => Evaluation.Candidate;

    /// <summary>Its fitness (lower is better).</summary>
    public double Score => Evaluation.Score;

    /// <summary>The score for ranking: non-finite scores rank after every finite one.</summary>
    public double RankScore => double.IsFinite(Score) ? Score : double.PositiveInfinity;

    /// <summary>The candidate's canonical text.</summary>
    public string Text => Candidate.ToString();
}
