using Flexiffusion.Orchestration.Internal;
using Flexiffusion.Orchestration.Persistence;

namespace Flexiffusion.Orchestration.Searches;

public sealed partial class SearchManager
{
    /// <summary>A search's lease was lost: it stops here at once, and nothing of it is saved any more.</summary>
    private void OnLeaseLost(string id, bool lapsed)
    {
        if (!_runs.TryGetValue(id, out var run))
            return;
        string reason = lapsed
            ? $"this controller could not renew its lease within {_keeper.Limit} (the store did not answer) and stopped it; it takes it up again when it can"
            : "another controller took it over (this controller lost its lease); shown as this controller last knew it";
        _logger.LeaseLost(id, reason);
        lock (_slots)
        {
            bool waiting = _waiting.Remove(run);
            // A running execution detaches the run once it has stopped.
            if (!waiting && run.RequestStop(reason, lapsed) is not null)
                return;
        }
        if (run.State is SearchState.Pending or SearchState.Running)
            run.Detach(reason, lapsed);
    }

    /// <summary>Whether a listed record says something this manager does not know yet.</summary>
    private bool NeedsRecovery(SearchRecord record, SearchRun? known)
    {
        if (_unreadable.TryGetValue(record.Id, out var seen) && seen == record.Updated)
            return false;
        if (known is null || known.Detached is not null)
            return true;
        lock (_slots)
        {
            if (IsActive(known))
                return false;
        }
        // Held here: an operation on it (delete, resume, prune) is under way.
        return !_keeper.Holds(record.Id) && known.Settled && known.Updated != record.Updated;
    }

    /// <summary>A finished stored search, shown as stored.</summary>
    private void ShowFinished(SearchRecord record)
    {
        _runs.TryGetValue(record.Id, out var known);
        try
        {
            Replace(known, SearchRun.FromRecord(record, _time, _options.WatcherBuffer));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _unreadable[record.Id] = record.Updated;
            _logger.Unreadable(e, record.Id);
        }
    }

    /// <summary>
    /// Searches shown as run elsewhere whose record is gone: views are dropped (their holder deleted them); a run this
    /// manager stopped when its lease lapsed is taken up again from its own snapshot when its lease is free (the store
    /// lost the record, e.g. a Redis restarted without persistence).
    /// </summary>
    /// <returns>How many searches were taken up again.</returns>
    private async Task<int> ReattachAsync(HashSet<string> listed, CancellationToken cancellationToken)
    {
        int resumed = 0;
        foreach (var run in _runs.Values.Where(r => r.Detached is not null && !listed.Contains(r.Id)).ToList())
        {
            if (!run.Lapsed)
            {
                Replace(run, null);
                continue;
            }
            if (!await _keeper.TryAcquireAsync(run.Id, cancellationToken).ConfigureAwait(false))
                continue;
            bool reattached = false;
            try
            {
                if (await _store.GetAsync(run.Id, cancellationToken).ConfigureAwait(false) is null && run.Lapsed && _runs.TryGetValue(run.Id, out var current) && current == run)
                {
                    run.Reattach();
                    _logger.Recovered(run.Id, run.State, run.Snapshot?.CompletedGenerations ?? 0);
                    await PersistAsync(run).ConfigureAwait(false);
                    Schedule(run);
                    reattached = true;
                    resumed++;
                }
            }
            finally
            {
                if (!reattached)
                    await ReleaseUnlessActiveAsync(run.Id).ConfigureAwait(false);
            }
        }
        return resumed;
    }

    private static void ThrowIfDetached(SearchRun run)
    {
        if (run.Detached is { } why)
            throw new SearchOwnedElsewhereException(run.Id, why);
    }

    /// <summary>
    /// The stored record of <paramref name="id"/>, taken into this manager while holding its lease (see <see cref="AdoptAsync"/>);
    /// null when none is stored or it cannot be loaded, or when the store does not answer and <paramref name="orNone"/> says
    /// to go on with what this manager knows (logged). The lease stays held.
    /// </summary>
    private async Task<SearchRun?> AdoptStoredAsync(string id, bool orNone, CancellationToken cancellationToken)
    {
        SearchRecord? record;
        try
        {
            record = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (orNone && !cancellationToken.IsCancellationRequested)
        {
            _logger.StoreUnread(e, id);
            return null;
        }
        return record is null ? null : await AdoptAsync(record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes a stored search into this manager while holding its lease, replacing what this manager knew of it: one stored
    /// pending or running is scheduled (the stored snapshot is the freshest); one that cannot be loaded is marked failed in
    /// the store and left out (null). The caller keeps or releases the lease.
    /// </summary>
    private async Task<SearchRun?> AdoptAsync(SearchRecord record, CancellationToken cancellationToken)
    {
        _runs.TryGetValue(record.Id, out var known);
        SearchRun run;
        try
        {
            run = SearchRun.FromRecord(record, _time, _options.WatcherBuffer);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _unreadable[record.Id] = record.Updated;
            _logger.Unreadable(e, record.Id);
            if (record.State is SearchState.Pending or SearchState.Running)
            {
                // Never resumed again: the stored record says why, and the next recovery skips it as finished.
                var failed = record with { State = SearchState.Failed, Updated = _time.GetUtcNow(), Error = $"the stored search cannot be resumed: {e.Message}" };
                _unreadable[record.Id] = failed.Updated;
                await _store.SaveAsync(failed, cancellationToken).ConfigureAwait(false);
            }
            if (known is not null)
                Replace(known, null);
            return null;
        }
        if (!Replace(known, run))
            return _runs.TryGetValue(record.Id, out var now) ? now : null;
        if (run.State == SearchState.Pending)
            Schedule(run);
        return run;
    }

    /// <summary>Shows the stored record of <paramref name="id"/> as run by the holder of its lease; null when none is stored or readable.</summary>
    private async Task<SearchRun?> ShowElsewhereAsync(string id, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return record is null ? null : await ShowElsewhereAsync(record).ConfigureAwait(false);
    }

    private async Task<SearchRun?> ShowElsewhereAsync(SearchRecord record)
    {
        _runs.TryGetValue(record.Id, out var known);
        string holder = await _keeper.HolderAsync(record.Id).ConfigureAwait(false) ?? "another controller";
        SearchRun view;
        try
        {
            view = SearchRun.FromRecord(record, _time, _options.WatcherBuffer,
                $"runs on controller '{holder}' (it holds the lease); this controller shows its last stored state and takes it over only if that controller stops renewing the lease");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _unreadable[record.Id] = record.Updated;
            _logger.Unreadable(e, record.Id);
            return null;
        }
        if (!Replace(known, view))
            return _runs.TryGetValue(record.Id, out var now) ? now : null;
        _logger.OwnedElsewhere(record.Id, holder, record.State);
        return view;
    }

    /// <summary>Gives up the lease of <paramref name="id"/> unless this manager runs the search or has it waiting.</summary>
    private async Task ReleaseUnlessActiveAsync(string id)
    {
        bool active;
        lock (_slots)
            active = _runs.TryGetValue(id, out var run) && IsActive(run);
        if (!active)
            await _keeper.ReleaseAsync(id).ConfigureAwait(false);
    }

    /// <summary>Whether this manager runs the search or has it waiting for a slot (under the slot lock).</summary>
    private bool IsActive(SearchRun run) =>
        run.Detached is null && (run.State is SearchState.Pending or SearchState.Running || run.Execution is { IsCompleted: false } || _waiting.Contains(run));

    /// <summary>Puts <paramref name="run"/> in place of <paramref name="known"/> (or removes it); false when the search changed meanwhile or runs here.</summary>
    private bool Replace(SearchRun? known, SearchRun? run)
    {
        lock (_slots)
        {
            if (known is not null && IsActive(known))
                return false;
            bool replaced = (known, run) switch
            {
                (null, null) => true,
                (null, { } added) => _runs.TryAdd(added.Id, added),
                ({ } old, null) => _runs.TryRemove(new KeyValuePair<string, SearchRun>(old.Id, old)),
                ({ } old, { } added) => _runs.TryUpdate(old.Id, added, old),
            };
            if (replaced && known is not null)
                known.Interrupt();
            return replaced;
        }
    }
}
