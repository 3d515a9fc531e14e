using System.Runtime.CompilerServices;
using Flexiffusion.Orchestration.Internal;

namespace Flexiffusion.Orchestration.Searches;

public sealed partial class SearchManager
{
    /// <summary>
    /// Updates of a search: first its current state (with the best candidate so far), then live
    /// progress, generation ends and state changes, and last the result (or the failed or cancelled
    /// state). Watching never slows the search: a watcher that falls more than
    /// <see cref="SearchManagerOptions.WatcherBuffer"/> progress items behind misses the newer progress
    /// items, never a state, generation or result item.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No search has that id (thrown at once, not on enumeration).</exception>
    public IAsyncEnumerable<SearchUpdate> Watch(string id, CancellationToken cancellationToken = default) =>
        ReadAsync(Find(id), _options.MaxWatchers, cancellationToken);

    /// <summary>Cancels a pending or running search and returns its status once it has stopped; a finished search is left as it is.</summary>
    /// <exception cref="KeyNotFoundException">No search has that id.</exception>
    public async Task<SearchStatus> CancelAsync(string id, CancellationToken cancellationToken = default)
    {
        var run = Find(id);
        bool wasWaiting;
        Task? execution = null;
        lock (_slots)
        {
            wasWaiting = _waiting.Remove(run);
            if (!wasWaiting)
                execution = run.RequestCancel();
        }
        if (wasWaiting)
        {
            run.Cancel();
            _logger.Cancelled(run.Id);
            await PersistAsync(run).ConfigureAwait(false);
        }
        else if (execution is not null)
        {
            await execution.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        return run.Status();
    }

    /// <summary>Continues a failed or cancelled search from its last snapshot; a pending or running one is returned as it is.</summary>
    /// <exception cref="KeyNotFoundException">No search has that id.</exception>
    /// <exception cref="InvalidOperationException">The search has completed.</exception>
    public async Task<SearchStatus> ResumeAsync(string id, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_shutdown.IsCancellationRequested, this);
        var run = Find(id);
        if (run.State == SearchState.Completed)
            throw new InvalidOperationException($"search '{id}' has completed; there is nothing to resume");
        Task? previous;
        lock (_slots)
            previous = run.Execution;
        if (previous is not null)
            await previous.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!run.TryMarkPending())
            return run.Status();
        run.RequireModelCheck();
        _logger.Resumed(run.Id, run.Snapshot?.CompletedGenerations ?? 0);
        await PersistAsync(run).ConfigureAwait(false);
        Schedule(run);
        return run.Status();
    }

    /// <summary>
    /// Loads every stored search this manager does not know yet; those stored as running or pending
    /// are resumed from their snapshots (a restarted controller continues its searches). A stored search that cannot be
    /// loaded (its snapshot no longer fits its spec, say) is marked failed in the store with the reason, never retried.
    /// </summary>
    /// <returns>How many searches were resumed.</returns>
    /// <exception cref="Exception">The store cannot be read (the caller retries).</exception>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var records = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
        int resumed = 0;
        foreach (var record in records.OrderBy(r => r.Created).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            if (_runs.ContainsKey(record.Id))
                continue;
            SearchRun run;
            try
            {
                run = SearchRun.FromRecord(record, _time, _options.WatcherBuffer);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever a stored record holds (null fields too): one record never stops the recovery of the others.
                _logger.Unreadable(e, record.Id);
                if (record.State is SearchState.Pending or SearchState.Running)
                {
                    // Never resumed again: the stored record says why, and the next recovery skips it as finished.
                    var failed = record with { State = SearchState.Failed, Updated = _time.GetUtcNow(), Error = $"the stored search cannot be resumed: {e.Message}" };
                    await _store.SaveAsync(failed, cancellationToken).ConfigureAwait(false);
                }
                continue;
            }
            if (!_runs.TryAdd(run.Id, run) || run.State != SearchState.Pending)
                continue;
            _logger.Recovered(run.Id, record.State, run.Snapshot?.CompletedGenerations ?? 0);
            Schedule(run);
            resumed++;
        }
        return resumed;
    }

    /// <summary>Stops every execution without marking it cancelled: stored running searches resume on restart.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_shutdown.IsCancellationRequested)
            return;
        if (_availability is not null)
            _availability.WaitingChanged -= OnWaitingChanged;
        Task[] executions;
        lock (_slots)
        {
            _shutdown.Cancel();
            _waiting.Clear();
            executions = [.. _runs.Values.Select(r => r.Execution).OfType<Task>()];
        }
        await Task.WhenAll(executions).ConfigureAwait(false);
        foreach (var run in _runs.Values)
            run.Interrupt();
    }

    private static async IAsyncEnumerable<SearchUpdate> ReadAsync(SearchRun run, int maxWatchers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var queue = run.Subscribe(maxWatchers);
        try
        {
            await foreach (var update in queue.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return update;
        }
        finally
        {
            run.Unsubscribe(queue);
        }
    }
}
