namespace Flexiffusion.Orchestration.Tests.TestSupport;

/// <summary>Holds evaluations: from a given evaluation number on, each waits until <see cref="Open"/>.</summary>
public sealed class Gate
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _open = NewOpen(true);
    private TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _holdFrom = int.MaxValue;
    private int _passed;

    /// <summary>Evaluations that went through so far.</summary>
    public int Passed => Volatile.Read(ref _passed);

    /// <summary>Completes when an evaluation is being held.</summary>
    public Task Waiting => _waiting.Task;

    /// <summary>Evaluation number <paramref name="count"/> (0-based) and every later one wait until <see cref="Open"/>.</summary>
    public void HoldFrom(int count)
    {
        lock (_lock)
        {
            _holdFrom = count;
            if (_open.Task.IsCompleted)
                _open = NewOpen(false);
            _waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Open()
    {
        lock (_lock)
        {
            _holdFrom = int.MaxValue;
            _open.TrySetResult();
        }
    }

    public async Task PassAsync(CancellationToken cancellationToken)
    {
        Task open;
        lock (_lock)
        {
            open = _passed >= _holdFrom ? _open.Task : Task.CompletedTask;
            if (!open.IsCompleted)
                _waiting.TrySetResult();
        }
        await open.WaitAsync(cancellationToken);
        Interlocked.Increment(ref _passed);
    }

    private static TaskCompletionSource NewOpen(bool open)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
            source.SetResult();
        return source;
    }
}
