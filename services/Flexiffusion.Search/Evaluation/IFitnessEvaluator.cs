using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Evaluation;

/// <summary>
/// Scores candidates. The search hands each generation's unseen candidates over as one batch so
/// that a distributed evaluator can run them in parallel; results may come back in any order.
/// </summary>
public interface IFitnessEvaluator
{
    /// <summary>Evaluates every candidate of the batch once, yielding each result as it finishes.</summary>
    IAsyncEnumerable<CandidateEvaluation> EvaluateAsync(IReadOnlyList<Candidate> batch, CancellationToken cancellationToken);
}
