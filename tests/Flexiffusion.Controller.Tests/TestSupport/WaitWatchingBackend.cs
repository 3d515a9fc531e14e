using Flexiffusion.Controller.Evaluators;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Controller.Tests.TestSupport;

/// <summary>
/// The pool as the searches' backend, telling when a search asked for the models and the pool could not
/// answer at once. It then waits: for an evaluator to become available, or, when one is, for its GetInfo;
/// with no evaluator up, the search is waiting for one.
/// </summary>
internal sealed class WaitWatchingBackend(EvaluatorPool pool) : IEvaluationBackend
{
    private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a search's request for the models did not complete at once.</summary>
    public Task Waiting => _waiting.Task;

    public ValueTask<IReadOnlyList<ModelDescription>> ModelsAsync(CancellationToken cancellationToken)
    {
        var models = pool.ModelsAsync(cancellationToken);
        if (!models.IsCompleted)
            _waiting.TrySetResult();
        return models;
    }

    public IFitnessEvaluator CreateEvaluator(EvaluationSettings settings, ModelDescription model) => pool.CreateEvaluator(settings, model);
}
