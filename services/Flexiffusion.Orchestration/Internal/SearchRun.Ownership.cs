namespace Flexiffusion.Orchestration.Internal;

internal sealed partial class SearchRun
{
    private bool _lost;
    private string? _detached;
    private bool _lapsed;
    private string _stopReason = "";
    private bool _stopLapsed;

    /// <summary>Whether this run's lease was lost: its execution stops without saving anything.</summary>
    public bool Lost
    {
        get
        {
            lock (_lock)
                return _lost;
        }
    }

    /// <summary>Why this manager does not run the search (another controller does, or may), or null when it does.</summary>
    public string? Detached
    {
        get
        {
            lock (_lock)
                return _detached;
        }
    }

    /// <summary>Whether this run was detached because its lease went unconfirmed (not because another took it).</summary>
    public bool Lapsed
    {
        get
        {
            lock (_lock)
                return _detached is not null && _lapsed;
        }
    }

    /// <summary>
    /// The lease was lost: the running execution stops as at shutdown (nothing is saved any more); returns it, or null
    /// when none runs.
    /// </summary>
    public Task? RequestStop(string reason, bool lapsed)
    {
        lock (_lock)
        {
            _lost = true;
            _stopReason = reason;
            _stopLapsed = lapsed;
            if (_execution is not { IsCompleted: false } running || _cancellation is null)
                return null;
            _ = _cancellation.CancelAsync();
            return running;
        }
    }

    /// <summary>This manager no longer runs the search: watchers get the state with the reason and end.</summary>
    public void Detach(string reason, bool lapsed)
    {
        lock (_lock)
        {
            _lost = true;
            _detached = reason;
            _lapsed = lapsed;
            _settled = true;
            Publish(new Searches.StateUpdate(StatusLocked()));
            CompleteWatchers();
        }
    }

    /// <summary>The execution stopped by <see cref="RequestStop"/> has ended: the run detaches with the reason given there.</summary>
    public void DetachStopped()
    {
        string reason;
        bool lapsed;
        lock (_lock)
        {
            reason = _stopReason;
            lapsed = _stopLapsed;
        }
        Detach(reason, lapsed);
    }

    /// <summary>A lapsed run taken up again (its lease retaken, the store without a newer record): it resumes from its own snapshot.</summary>
    public void Reattach()
    {
        lock (_lock)
        {
            _lost = false;
            _detached = null;
            _lapsed = false;
            _checkModel = true;
            if (_state is Searches.SearchState.Running)
                ChangeState(Searches.SearchState.Pending);
        }
    }
}
