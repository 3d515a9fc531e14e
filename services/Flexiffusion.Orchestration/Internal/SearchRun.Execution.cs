namespace Flexiffusion.Orchestration.Internal;

internal sealed partial class SearchRun
{
    private CancellationTokenSource? _cancellation;
    private Task? _execution;
    private bool _cancelRequested;
    private bool _checkModel;
    private bool _settled = true;

    /// <summary>Whether nothing will write this run's record any more until it is started again (its execution saved its end).</summary>
    public bool Settled
    {
        get
        {
            lock (_lock)
                return _settled;
        }
    }

    /// <summary>The execution has saved the run's final record.</summary>
    public void Settle()
    {
        lock (_lock)
            _settled = true;
    }

    /// <summary>
    /// Starts an execution of <paramref name="body"/> on the thread pool, without the caller's execution context (the
    /// search outlives the call that started it). Its token is cancelled by <paramref name="shutdown"/> or by
    /// <see cref="RequestCancel"/>.
    /// </summary>
    public Task Start(Func<CancellationToken, Task> body, CancellationToken shutdown)
    {
        ArgumentNullException.ThrowIfNull(body);
        lock (_lock)
        {
            _cancellation?.Dispose();
            _cancellation = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
            _cancelRequested = false;
            _lost = false;
            _settled = false;
            var token = _cancellation.Token;
            using (ExecutionContext.SuppressFlow())
                _execution = Task.Run(() => body(token), CancellationToken.None);
            return _execution;
        }
    }

    /// <summary>Asks the running execution to stop as cancelled by a user; returns it, or null when none runs.</summary>
    public Task? RequestCancel()
    {
        lock (_lock)
        {
            if (_execution is not { IsCompleted: false } running || _cancellation is null)
                return null;
            _cancelRequested = true;
            // Callbacks run on the thread pool: none runs under this lock.
            _ = _cancellation.CancelAsync();
            return running;
        }
    }

    /// <summary>The next execution checks that the backend still serves the model (a resumed search).</summary>
    public void RequireModelCheck()
    {
        lock (_lock)
            _checkModel = true;
    }

    /// <summary>The model was checked.</summary>
    public void ModelChecked()
    {
        lock (_lock)
            _checkModel = false;
    }
}
