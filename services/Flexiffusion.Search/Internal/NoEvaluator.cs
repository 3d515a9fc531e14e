using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Internal;

/// <summary>An evaluator for a search that only restores a snapshot: asked to score anything, it fails loudly.</summary>
internal sealed class NoEvaluator : IFitnessEvaluator
{
    public static NoEvaluator Instance { get; } = new();

    public IAsyncEnumerable<CandidateEvaluation> EvaluateAsync(IReadOnlyList<Candidate> batch, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("a restored search result cannot evaluate candidates");
}
