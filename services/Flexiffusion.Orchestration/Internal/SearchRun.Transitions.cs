using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Search.Events;
using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Orchestration.Internal;

internal sealed partial class SearchRun
{
    /// <summary>A new watcher: the current state first, then live updates; a finished search also gets its result, then the end.</summary>
    /// <exception cref="Searches.SearchCapacityException">The search already has <paramref name="maxWatchers"/> watchers.</exception>
    public WatcherQueue Subscribe(int maxWatchers)
    {
        var queue = new WatcherQueue(_watcherBuffer);
        lock (_lock)
        {
            if (_watchers.Count >= maxWatchers)
                throw new Searches.SearchCapacityException($"search '{Id}' already has {_watchers.Count} watchers (the limit is {maxWatchers})");
            var status = StatusLocked();
            queue.Post(new StateUpdate(status));
            if (status.IsFinished || _detached is not null)
            {
                if (_result is not null)
                    queue.Post(new ResultUpdate(_result));
                queue.Complete();
            }
            else
            {
                _watchers.Add(queue);
            }
        }
        return queue;
    }

    public void Unsubscribe(WatcherQueue queue)
    {
        lock (_lock)
            _watchers.Remove(queue);
    }

    /// <summary>A failed or cancelled search goes back to pending, to be resumed; false when it is not in such a state.</summary>
    public bool TryMarkPending()
    {
        lock (_lock)
        {
            if (_state is not (SearchState.Failed or SearchState.Cancelled))
                return false;
            _error = null;
            ChangeState(SearchState.Pending);
            return true;
        }
    }

    /// <summary>An execution starts: progress restarts from the last snapshot.</summary>
    public void MarkRunning()
    {
        lock (_lock)
        {
            var history = _snapshot is null ? [] : SnapshotSummary.History(_snapshot, Request);
            _scored = history.Count;
            _best = SnapshotSummary.Best(history, Request.Budget.Metric);
            ChangeState(SearchState.Running);
        }
    }

    /// <summary>Folds in one engine event; true when the record should be saved (a new snapshot or warning).</summary>
    public bool Apply(SearchEvent searchEvent)
    {
        lock (_lock)
        {
            switch (searchEvent)
            {
                case GenerationStarted started:
                    _generationDone = 0;
                    _generationTotal = started.Candidates;
                    return false;
                case CandidateScored scored:
                    _scored++;
                    _generationDone++;
                    if (SnapshotSummary.IsBetter(scored.Candidate, _best, Request.Budget.Metric))
                        _best = scored.Candidate;
                    Publish(new ProgressUpdate(scored.Generation, scored.Candidate, scored.FromCache, _generationDone, _generationTotal));
                    return false;
                case GenerationFinished finished:
                    _snapshot = finished.Snapshot;
                    _best = finished.Best;
                    _scored = finished.Snapshot.Evaluated.Count;
                    _updated = _time.GetUtcNow();
                    Publish(new GenerationUpdate(finished.Generation, finished.Best, finished.Front, _scored));
                    return true;
                case FinalistsConfirmed confirmed:
                    _snapshot = confirmed.Snapshot;
                    _updated = _time.GetUtcNow();
                    return true;
                case CacheUnavailable unavailable:
                    _warnings.Add($"candidate cache unavailable: {unavailable.Reason}; continuing without it");
                    _updated = _time.GetUtcNow();
                    Publish(new StateUpdate(StatusLocked()));
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>
    /// Reads why the model's candidates wait (null: they do not) from <paramref name="waitingReason"/>, under the lock so the
    /// latest of concurrent refreshes wins; a running search whose reason changed tells its watchers.
    /// </summary>
    public void RefreshWaiting(Func<Search.Evaluation.ModelKey, string?> waitingReason)
    {
        lock (_lock)
        {
            string? reason = _state == SearchState.Running ? waitingReason(Model.Key) : null;
            if (reason == _waiting)
                return;
            _waiting = reason;
            _updated = _time.GetUtcNow();
            Publish(new StateUpdate(StatusLocked()));
        }
    }

    public void Complete(SearchResult result)
    {
        lock (_lock)
        {
            _result = result;
            _best = result.Best;
            _scored = result.History.Count;
            ChangeState(SearchState.Completed);
            Publish(new ResultUpdate(result));
            CompleteWatchers();
        }
    }

    public void Fail(string error)
    {
        lock (_lock)
        {
            _error = error;
            ChangeState(SearchState.Failed);
            CompleteWatchers();
        }
    }

    public void Cancel()
    {
        lock (_lock)
        {
            ChangeState(SearchState.Cancelled);
            CompleteWatchers();
        }
    }

    /// <summary>The process is shutting down: watchers end, the state stays as stored (a restart resumes it).</summary>
    public void Interrupt()
    {
        lock (_lock)
            CompleteWatchers();
    }

    private void ChangeState(SearchState state)
    {
        _state = state;
        if (state != SearchState.Running)
            _waiting = null;
        _updated = _time.GetUtcNow();
        Publish(new StateUpdate(StatusLocked()));
    }

    private void Publish(SearchUpdate update)
    {
        foreach (var watcher in _watchers)
            watcher.Post(update);
    }

    private void CompleteWatchers()
    {
        foreach (var watcher in _watchers)
            watcher.Complete();
        _watchers.Clear();
    }
}
