using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;
using Proto = Flexiffusion.Contracts.Common.V1;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>One candidate of a batch on its way through the pool: queued, dispatched (maybe several times), then done.</summary>
internal sealed class WorkItem : IDisposable
{
    private readonly TaskCompletionSource<CandidateEvaluation> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _cancelled;

    public WorkItem(Candidate candidate, Proto.EvaluationSettings settings, ModelKey modelKey, CancellationToken cancellationToken)
    {
        Candidate = candidate;
        ModelKey = modelKey;
        Text = candidate.ToString();
        Settings = settings;
        Token = cancellationToken;
        _cancelled = cancellationToken.Register(() => _done.TrySetCanceled(cancellationToken));
    }

    public Candidate Candidate { get; }

    /// <summary>The canonical candidate text sent to evaluators.</summary>
    public string Text { get; }

    public Proto.EvaluationSettings Settings { get; }

    /// <summary>The exact model it must be scored on: only evaluators serving it pull it.</summary>
    public ModelKey ModelKey { get; }

    public CancellationToken Token { get; }

    /// <summary>When it last entered its queue.</summary>
    public DateTimeOffset QueuedAt { get; set; }

    /// <summary>Takes it out of its queue when it is cancelled (set by the queue it first entered).</summary>
    public CancellationTokenRegistration? LeaveWhenCancelled { get; set; }

    /// <summary>How many times it was sent to an evaluator.</summary>
    public int Dispatches { get; set; }

    public Task<CandidateEvaluation> Completion => _done.Task;

    public bool IsDone => _done.Task.IsCompleted;

    public void Complete(CandidateEvaluation evaluation) => _done.TrySetResult(evaluation);

    public void Fail(Exception error) => _done.TrySetException(error);

    public void Dispose()
    {
        _cancelled.Dispose();
        LeaveWhenCancelled?.Dispose();
    }
}
