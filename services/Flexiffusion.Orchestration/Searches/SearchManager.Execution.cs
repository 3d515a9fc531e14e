using Flexiffusion.Orchestration.Internal;
using Flexiffusion.Orchestration.Persistence;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Orchestration.Searches;

public sealed partial class SearchManager
{
    /// <summary>Runs the search now when a slot is free, else queues it (first come, first served).</summary>
    private void Schedule(SearchRun run)
    {
        lock (_slots)
        {
            if (_shutdown.IsCancellationRequested || run.Detached is not null)
                return;
            if (_active < _options.MaxConcurrentSearches)
            {
                _active++;
                Launch(run);
            }
            else
            {
                _waiting.AddLast(run);
                _logger.Waiting(run.Id, _active, _options.MaxConcurrentSearches);
            }
        }
    }

    /// <summary>Starts an execution in a slot taken under the slot lock; the slot is released when it ends.</summary>
    private void Launch(SearchRun run) => run.Start(async token =>
    {
        try
        {
            await ExecuteAsync(run, token).ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }, _shutdown.Token);

    private void Release()
    {
        lock (_slots)
        {
            _active--;
            if (_shutdown.IsCancellationRequested || _waiting.First is not { } next)
                return;
            _waiting.RemoveFirst();
            _active++;
            Launch(next.Value);
        }
    }

    private async Task ExecuteAsync(SearchRun run, CancellationToken cancellationToken)
    {
        if (!_keeper.Holds(run.Id))
        {
            // Its lease was lost while it waited: another controller may run it now.
            if (run.Detached is null)
                run.Detach("this controller lost its lease before running it", lapsed: true);
            return;
        }
        try
        {
            run.MarkRunning();
            RefreshWaiting(run);
            await PersistAsync(run).ConfigureAwait(false);
            if (run.NeedsModelCheck)
                await CheckModelAsync(run, cancellationToken).ConfigureAwait(false);
            var evaluator = _backend.CreateEvaluator(run.Spec.Evaluation, run.Model);
            var cache = _caches.For(run.Spec.Evaluation.Identity(run.Model));
            var search = new EvolutionarySearch(run.Request, evaluator, cache, new RunObserver(run, PersistAsync, _sink), Finalists(run));
            var from = run.Snapshot;
            _logger.Running(run.Id, from?.CompletedGenerations ?? 0);
            var result = await search.RunAsync(from, cancellationToken).ConfigureAwait(false);
            run.Complete(result);
            _logger.Completed(run.Id, result.Best.Text, result.Best.Score, result.Evaluations, result.CacheHits);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested && !run.CancelRequested)
        {
            if (run.Lost)
            {
                // Its lease was lost: another controller may run it now; the stored record is that controller's to write.
                run.DetachStopped();
                return;
            }
            // Shutdown: the stored record stays running with its last snapshot; a restart resumes it.
            run.Interrupt();
            _logger.Interrupted(run.Id);
            return;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            run.Cancel();
            _logger.Cancelled(run.Id);
        }
        catch (Exception e)
        {
            run.Fail(Describe(e));
            _logger.Failed(e, run.Id);
        }
        await PersistAsync(run).ConfigureAwait(false);
        run.Settle();
        await _keeper.ReleaseAsync(run.Id).ConfigureAwait(false);
        await PruneAsync().ConfigureAwait(false);
    }

    /// <summary>Deletes the oldest finished searches beyond <see cref="SearchManagerOptions.MaxFinishedSearches"/> (memory and store).</summary>
    private async Task PruneAsync()
    {
        var old = _runs.Values
            .Where(r => r.Settled)
            .Select(r => (Run: r, Status: r.Status()))
            .Where(r => r.Status.IsFinished)
            .OrderByDescending(r => r.Status.Updated)
            .ThenByDescending(r => r.Run.Created)
            .ThenBy(r => r.Run.Id, StringComparer.Ordinal)
            .Skip(_options.MaxFinishedSearches)
            .Select(r => r.Run)
            .ToList();
        foreach (var run in old)
        {
            try
            {
                // Under its lease: a controller that resumed the search meanwhile keeps it.
                if (!await _keeper.TryAcquireAsync(run.Id, CancellationToken.None).ConfigureAwait(false))
                    continue;
                try
                {
                    if (!Replace(run, null))
                        continue;
                    await _store.DeleteAsync(run.Id, CancellationToken.None).ConfigureAwait(false);
                }
                finally
                {
                    await ReleaseUnlessActiveAsync(run.Id).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                _logger.SaveFailed(e, run.Id);
            }
            _logger.Pruned(run.Id, _options.MaxFinishedSearches);
        }
    }

    /// <summary>The evaluator and cache that score the finalists again (more images, fresh noise), when the search confirms any.</summary>
    private FinalistScoring? Finalists(SearchRun run)
    {
        if (run.Spec.Evolution.Finalists == 0)
            return null;
        var settings = run.Spec.Confirmation.For(run.Spec.Evaluation);
        return new FinalistScoring(_backend.CreateEvaluator(settings, run.Model), _caches.For(settings.Identity(run.Model)),
            run.Spec.Confirmation.Describe(run.Spec.Evaluation), settings.Bootstrap);
    }

    /// <summary>
    /// A resumed search must score on the same model it started with, or its scores would mix. While no evaluator is
    /// there to ask (a controller restarted before its evaluators), the search waits and says so, as it does for
    /// candidates, instead of failing.
    /// </summary>
    private async Task CheckModelAsync(SearchRun run, CancellationToken cancellationToken)
    {
        IReadOnlyList<ModelDescription> served;
        while (true)
        {
            try
            {
                served = await _backend.ModelsAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (TimeoutException e) when (!cancellationToken.IsCancellationRequested)
            {
                run.RefreshWaiting(_ => $"waiting for an evaluator to check model '{run.Model.Name}' with: {e.Message}");
                await Task.Delay(ModelCheckRetry, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        RefreshWaiting(run);
        var now = served.FirstOrDefault(m => m.Name == run.Model.Name)
            ?? throw new InvalidOperationException($"model '{run.Model.Name}' is no longer served (served: {string.Join(", ", served.Select(m => m.Name))})");
        if (now.Checksum != run.Model.Checksum || now.ExtractorChecksum != run.Model.ExtractorChecksum)
        {
            throw new InvalidOperationException(
                $"model '{run.Model.Name}' changed since the search started (weights {run.Model.Checksum} → {now.Checksum}, extractor {run.Model.ExtractorChecksum} → {now.ExtractorChecksum}); start a new search");
        }
        run.ModelChecked();
    }

    /// <summary>Saves the run's latest record; a failing store is logged, never fatal (the manager keeps the state in memory).</summary>
    /// <remarks>A run whose lease was lost saves nothing; a store that refuses the write (another holds the lease) stops it.</remarks>
    private async Task PersistAsync(SearchRun run)
    {
        bool refused = false;
        await run.PersistGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!run.Lost)
                await _store.SaveAsync(run.Record(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (SearchLeaseLostException)
        {
            _logger.SaveRefused(run.Id);
            refused = true;
        }
        catch (Exception e)
        {
            _logger.SaveFailed(e, run.Id);
        }
        finally
        {
            run.PersistGate.Release();
        }
        if (refused)
            _keeper.Refused(run.Id);
    }

    private static string Describe(Exception e) =>
        e is AggregateException { InnerExceptions.Count: 1 } a ? Describe(a.InnerExceptions[0]) : e.Message;
}
