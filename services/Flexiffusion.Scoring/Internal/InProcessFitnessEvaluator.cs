using System.Runtime.CompilerServices;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Scoring.Internal;

/// <summary>Scores a batch one candidate at a time on the scorer, in batch order.</summary>
internal sealed class InProcessFitnessEvaluator(CandidateScorer scorer, EvaluationSettings settings, string evaluatorId) : IFitnessEvaluator
{
    public async IAsyncEnumerable<CandidateEvaluation> EvaluateAsync(IReadOnlyList<Candidate> batch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // Validate the whole batch first, so a bad candidate fails before any sampling starts.
        var jobs = batch.Select(candidate => scorer.Prepare(candidate, settings)).ToList();
        foreach (var job in jobs)
        {
            var evaluation = await scorer.ScoreAsync(job, cancellationToken).ConfigureAwait(false);
            yield return evaluation with { EvaluatorId = evaluatorId };
        }
    }
}

