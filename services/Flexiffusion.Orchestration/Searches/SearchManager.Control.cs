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
    /// <exception cref="SearchOwnedElsewhereException">Another controller runs the search.</exception>
    public async Task<SearchStatus> CancelAsync(string id, CancellationToken cancellationToken = default)
    {
        var run = Find(id);
        ThrowIfDetached(run);
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
            await _keeper.ReleaseAsync(run.Id).ConfigureAwait(false);
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
    /// <exception cref="SearchOwnedElsewhereException">Another controller runs the search.</exception>
    /// <exception cref="TimeoutException">The lease store does not answer.</exception>
    public async Task<SearchStatus> ResumeAsync(string id, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_shutdown.IsCancellationRequested, this);
        var run = Find(id);
        ThrowIfDetached(run);
        ThrowIfCompleted(run);
        Task? previous;
        lock (_slots)
            previous = run.Execution;
        if (previous is not null)
            await previous.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (run.State is SearchState.Pending or SearchState.Running)
            return run.Status();
        if (!await TryAcquireForCallerAsync(id, cancellationToken).ConfigureAwait(false))
            throw new SearchOwnedElsewhereException(id, "another controller has resumed it");
        try
        {
            // Another controller may have resumed (even finished) it since this one last saw it: the stored record decides.
            var stored = await AdoptStoredAsync(id, orNone: true, cancellationToken).ConfigureAwait(false);
            if (stored is null && (!_runs.TryGetValue(id, out var current) || current != run))
                throw new InvalidOperationException($"search '{id}' can no longer be loaded from the store; see the controller's log");
            run = stored ?? run;
            ThrowIfDetached(run);
            ThrowIfCompleted(run);
            if (!run.TryMarkPending())
                return run.Status();
            run.RequireModelCheck();
            _logger.Resumed(run.Id, run.Snapshot?.CompletedGenerations ?? 0);
            await PersistAsync(run).ConfigureAwait(false);
            Schedule(run);
            return run.Status();
        }
        finally
        {
            await ReleaseUnlessActiveAsync(id).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Brings this manager up to date with the store (a restarted controller calls it once, then periodically): stored
    /// searches it does not know are loaded, and those stored as running or pending are resumed from their snapshots when
    /// this manager can take their leases; one whose lease another controller holds is shown as stored, and taken over by
    /// a later call once that lease has expired. A stored search that cannot be loaded (its snapshot no longer fits its
    /// spec, say) is marked failed in the store with the reason, never retried.
    /// </summary>
    /// <returns>How many searches were resumed.</returns>
    /// <exception cref="Exception">The store cannot be read (the caller retries).</exception>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var records = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
        int resumed = 0;
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records.OrderBy(r => r.Created).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            listed.Add(record.Id);
            _runs.TryGetValue(record.Id, out var known);
            if (!NeedsRecovery(record, known))
                continue;
            if (record.State is not (SearchState.Pending or SearchState.Running))
            {
                // Finished: shown as stored; reading needs no lease.
                if (!_keeper.Holds(record.Id))
                    ShowFinished(record);
                continue;
            }
            if (!await _keeper.TryAcquireAsync(record.Id, cancellationToken).ConfigureAwait(false))
            {
                if (known is not { Detached: not null } || known.Updated != record.Updated)
                    await ShowElsewhereAsync(record).ConfigureAwait(false);
                continue;
            }
            try
            {
                // The freshest record, read under the lease: its last holder may have written since the listing.
                if (await AdoptStoredAsync(record.Id, orNone: false, cancellationToken).ConfigureAwait(false) is { State: SearchState.Pending } run && run != known)
                {
                    _logger.Recovered(run.Id, record.State, run.Snapshot?.CompletedGenerations ?? 0);
                    resumed++;
                }
            }
            finally
            {
                await ReleaseUnlessActiveAsync(record.Id).ConfigureAwait(false);
            }
        }
        resumed += await ReattachAsync(listed, cancellationToken).ConfigureAwait(false);
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
        // Another controller may take the searches over at once, rather than when their leases expire.
        await _keeper.ReleaseAllAsync().ConfigureAwait(false);
        await _keeper.DisposeAsync().ConfigureAwait(false);
    }

    private static void ThrowIfCompleted(SearchRun run)
    {
        if (run.State == SearchState.Completed)
            throw new InvalidOperationException($"search '{run.Id}' has completed; there is nothing to resume");
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
