namespace Flexiffusion.Controller.Tests.TestSupport;

/// <summary>Open by default; while held, evaluations wait.</summary>
public sealed class Gate
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _open = Opened();

    public void Hold()
    {
        lock (_lock)
        {
            if (_open.Task.IsCompleted)
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Open()
    {
        lock (_lock)
            _open.TrySetResult();
    }

    public Task PassAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
            return _open.Task.WaitAsync(cancellationToken);
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
