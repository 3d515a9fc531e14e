using Flexiffusion.Scoring.Embedded;
using Flexiffusion.Scoring.Models;
using Flexiffusion.Scoring;
using Flexiffusion.Scoring.Teachers;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Orchestration.Persistence;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Orchestration.Specs;
using Flexiffusion.Search;
using Flexiffusion.Search.Costs;

namespace Flexiffusion.Cli.Commands;

/// <summary>
/// The embedded default of <c>flexiffusion search</c>: the controller's own <see cref="SearchManager"/>
/// with an in-process evaluator and in-memory candidate cache — no ports, no Redis. Teacher features
/// go to the disk cache that <c>evaluate</c> uses; with <c>--state DIR</c> the search is saved after
/// every generation and the same command continues it.
/// </summary>
public static class EmbeddedSearch
{
    /// <summary>Runs (or continues) the search and prints it; returns the exit code.</summary>
    public static async Task<int> RunAsync(CliContext context, SearchSpec spec, ServedModelOptions served, string id, string cacheDir,
        string? stateDir, SearchPrinter printer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(printer);
        try
        {
            spec.Validate();
        }
        catch (FieldException e)
        {
            throw FieldOptions.ToUsage(e);
        }
        CliApp.WarnIfAllocatorMissing(context.Error);
        // Step latencies are measured (a few seconds) only when the budget is in milliseconds.
        served.MeasureLatency = spec.Budget.Metric == CostMetric.Latency;
        served.LatencyBatchSize = spec.Evaluation.BatchSize;
        using var catalog = ModelCatalog.Load([served]);
        var model = catalog.Descriptions[0];
        try
        {
            spec.ToRequest(model);
        }
        catch (FieldException e)
        {
            throw FieldOptions.ToUsage(e);
        }
        using var scorer = new CandidateScorer(catalog, new DiskBlobCache(cacheDir), new InProcessTeacherLock());
        var store = stateDir is null ? null : new DirectorySearchStore(stateDir);
        if (store is not null)
            await CheckStoredAsync(store, spec, id, stateDir!, cancellationToken).ConfigureAwait(false);
        await using var manager = new SearchManager(new InProcessEvaluationBackend(scorer), store, options: new SearchManagerOptions { MaxConcurrentSearches = 1 });
        if (store is not null)
            await manager.RecoverAsync(cancellationToken).ConfigureAwait(false);
        var saving = new StateReport(store, stateDir, printer);
        var status = await StartOrContinueAsync(manager, spec, id, context, cancellationToken).ConfigureAwait(false);
        if (!status.IsFinished)
            status = await WatchAsync(manager, id, printer, spec.Evolution.Generations, saving, cancellationToken).ConfigureAwait(false);
        // The final record is saved after the watchers end: wait for it, then say whether it was.
        await manager.DisposeAsync().ConfigureAwait(false);
        int code = Finish(context, printer, status, spec.Evaluation.TeacherSteps);
        saving.Check(final: true);
        return code;
    }

    private static async Task<SearchStatus> StartOrContinueAsync(SearchManager manager, SearchSpec spec, string id, CliContext context, CancellationToken cancellationToken)
    {
        if (manager.List().FirstOrDefault(s => s.Id == id) is not { } known)
            return await manager.StartAsync(spec, id, cancellationToken).ConfigureAwait(false);
        if (known.State is SearchState.Failed or SearchState.Cancelled)
        {
            context.Error.WriteLine($"flexiffusion: continuing search '{id}' from generation {known.GenerationsDone + 1}");
            return await manager.ResumeAsync(id, cancellationToken).ConfigureAwait(false);
        }
        if (!known.IsFinished)
            context.Error.WriteLine($"flexiffusion: continuing search '{id}' from generation {known.GenerationsDone + 1}");
        return known;
    }

    private static async Task<SearchStatus> WatchAsync(SearchManager manager, string id, SearchPrinter printer, int generations, StateReport saving,
        CancellationToken cancellationToken)
    {
        var warned = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var update in manager.Watch(id, cancellationToken).ConfigureAwait(false))
        {
            saving.Check(final: false);
            switch (update)
            {
                case ProgressUpdate p:
                    printer.Progress(p.Generation, generations, p.Done, p.Total, p.FromCache);
                    break;
                case GenerationUpdate g:
                    printer.Generation(g.Generation, generations, SearchPrinter.CandidateLine.From(g.Best), g.Front.Count, g.Scored);
                    break;
                case StateUpdate s:
                    foreach (string warning in s.Status.Warnings.Where(warned.Add))
                        printer.Warning(warning);
                    break;
            }
        }
        return manager.Get(id);
    }

    private static int Finish(CliContext context, SearchPrinter printer, SearchStatus status, int teacherSteps)
    {
        if (status.State != SearchState.Completed || status.Result is not { } result)
        {
            context.Error.WriteLine($"flexiffusion: search '{status.Id}' ended {status.State.ToString().ToLowerInvariant()}{(status.Error is null ? "" : ": " + status.Error)}");
            return ExitCodes.Failure;
        }
        printer.Result(status.Id, SearchPrinter.ResultView.From(result), teacherSteps);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Tells the user when <c>--state</c> saves fail (the manager goes on with the state in memory and only logs it): once
    /// when saving stops working, once when it works again, and at the end when the final state was not saved.
    /// </summary>
    private sealed class StateReport(DirectorySearchStore? store, string? directory, SearchPrinter printer)
    {
        private bool _failing;

        public void Check(bool final)
        {
            if (store is null)
                return;
            var failure = store.LastFailure;
            if (failure is not null && (final || !_failing))
            {
                printer.Warning(final
                    ? $"the search's final state was not saved in '{directory}' ({failure.Message})"
                    : $"cannot save the search's state in '{directory}' ({failure.Message}); the search goes on, but can only be continued from the last generation saved");
            }
            else if (failure is null && _failing)
            {
                printer.Warning($"the search's state is saved in '{directory}' again");
            }
            _failing = failure is not null;
        }
    }

    /// <summary>A stored search of the same id must have been started with the same request, or the user is told.</summary>
    /// <remarks>Both are judged on the stored model's cost table: measured latencies differ from run to run.</remarks>
    private static async Task CheckStoredAsync(ISearchStore store, SearchSpec spec, string id, string stateDir, CancellationToken cancellationToken)
    {
        var stored = (await store.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Id == id);
        if (stored is null)
            return;
        if (stored.Spec.ToRequest(stored.Model).Fingerprint() != spec.ToRequest(stored.Model).Fingerprint())
            throw new UsageException($"--state: search '{id}' in '{stateDir}' was started with other settings; give another --id or --state to start a new one");
    }
}
