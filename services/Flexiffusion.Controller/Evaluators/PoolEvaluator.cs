using System.Runtime.CompilerServices;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;
using Proto = Flexiffusion.Contracts.Common.V1;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>A fitness evaluator over the pool, bound to one search's settings and its model's queue: a batch's candidates are queued together and yielded as they finish.</summary>
internal sealed class PoolEvaluator(ModelQueue queue, Proto.EvaluationSettings settings) : IFitnessEvaluator
{
    public async IAsyncEnumerable<CandidateEvaluation> EvaluateAsync(IReadOnlyList<Candidate> batch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var batchCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var items = batch.Select(c => new WorkItem(c, settings, queue.Model, batchCancel.Token)).ToList();
        foreach (var item in items)
            queue.Enqueue(item);
        try
        {
            await foreach (var done in Task.WhenEach(items.Select(i => i.Completion)).WithCancellation(cancellationToken).ConfigureAwait(false))
                yield return await done.ConfigureAwait(false);
        }
        finally
        {
            // A failed candidate fails the batch: the others are skipped when pulled (in-flight ones keep their slot until answered).
            await batchCancel.CancelAsync().ConfigureAwait(false);
            foreach (var item in items)
                item.Dispose();
        }
    }
}
