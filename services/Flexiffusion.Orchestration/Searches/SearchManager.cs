using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Flexiffusion.Orchestration.Caching;
using Flexiffusion.Orchestration.Internal;
using Flexiffusion.Orchestration.Persistence;
using Flexiffusion.Orchestration.Specs;
using Flexiffusion.Search;
using Flexiffusion.Search.Evaluation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flexiffusion.Orchestration.Searches;

/// <summary>
/// Runs and tracks searches (the controller's logic, shared by the gRPC host and the embedded CLI).
/// A start is validated before anything runs; the search then runs in the background, at most
/// <see cref="SearchManagerOptions.MaxConcurrentSearches"/> at once (later ones wait as pending, first
/// come first served), with an evaluator from the backend and a candidate cache bound to the
/// evaluation identity. Its record and the engine's snapshot are saved after every generation, so
/// <see cref="RecoverAsync"/> in a restarted process and <see cref="ResumeAsync"/> continue a search
/// exactly where its last generation ended: the result is the uninterrupted one. Controllers sharing a store share
/// its searches through leases (<see cref="ISearchLeases"/>): a search runs only where its lease is held, and another
/// controller shows it as stored and takes it over only once that lease has expired.
/// </summary>
public sealed partial class SearchManager : IAsyncDisposable
{
    /// <summary>The pause between two attempts to check a resumed search's model while no evaluator answers.</summary>
    private static readonly TimeSpan ModelCheckRetry = TimeSpan.FromMilliseconds(500);

    private readonly IEvaluationBackend _backend;
    private readonly IEvaluationAvailability? _availability;
    private readonly ISearchStore _store;
    private readonly ICandidateCacheProvider _caches;
    private readonly SearchManagerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SearchManager> _logger;
    private readonly ISearchEventSink? _sink;
    private readonly LeaseKeeper _keeper;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unreadable = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SearchRun> _runs = new(StringComparer.Ordinal);
    private readonly Lock _slots = new();
    private readonly LinkedList<SearchRun> _waiting = new();
    private readonly CancellationTokenSource _shutdown = new();
    private int _active;

    /// <summary>Creates a manager; every dependency but the backend has an in-process default.</summary>
    /// <param name="backend">Where candidates are scored.</param>
    /// <param name="store">Keeps records across restarts (default: in memory).</param>
    /// <param name="caches">Candidate caches per evaluation identity (default: in memory).</param>
    /// <param name="options">Concurrency and watcher limits.</param>
    /// <param name="timeProvider">The clock of every timestamp.</param>
    /// <param name="logger">Logs.</param>
    /// <param name="sink">Sees every engine event (metrics).</param>
    /// <param name="leases">Who runs which search when several processes share the store (default: this process runs every search).</param>
    public SearchManager(IEvaluationBackend backend, ISearchStore? store = null, ICandidateCacheProvider? caches = null,
        SearchManagerOptions? options = null, TimeProvider? timeProvider = null, ILogger<SearchManager>? logger = null, ISearchEventSink? sink = null,
        ISearchLeases? leases = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        _options = options ?? new SearchManagerOptions();
        _options.Validate();
        _backend = backend;
        _store = store ?? new InMemorySearchStore();
        _caches = caches ?? new InMemoryCandidateCacheProvider();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<SearchManager>.Instance;
        _sink = sink;
        _availability = backend as IEvaluationAvailability;
        if (_availability is not null)
            _availability.WaitingChanged += OnWaitingChanged;
        _keeper = new LeaseKeeper(leases ?? new InMemorySearchLeases(_time), _time, _logger, OnLeaseLost);
    }

    /// <summary>This manager's holder id in the leases of its searches.</summary>
    public string Owner => _keeper.Owner;

    /// <summary>Searches running now.</summary>
    public int RunningCount => _runs.Values.Count(r => r.State == SearchState.Running);

    /// <summary>Searches waiting for a slot.</summary>
    public int PendingCount => _runs.Values.Count(r => r.State == SearchState.Pending);

    /// <summary>
    /// Starts a search, or returns the existing one when <paramref name="id"/> is already known with the same
    /// specification (another specification under a known id is refused). The
    /// id and the specification are checked synchronously (a bad one throws from this call, before
    /// anything starts); then the model is resolved and the search is queued.
    /// </summary>
    /// <param name="spec">What to search.</param>
    /// <param name="id">The search's id (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>; at most 64); null for a new random one.</param>
    /// <param name="cancellationToken">Cancels the start (not the search).</param>
    /// <exception cref="FieldException">The specification is invalid or does not fit the model; the field is named.</exception>
    /// <exception cref="SearchExistsException">A search with that id runs another specification.</exception>
    /// <exception cref="SearchCapacityException">As many searches as allowed are already waiting for a slot.</exception>
    /// <exception cref="SearchOwnedElsewhereException">Another controller is starting a search under <paramref name="id"/>.</exception>
    /// <exception cref="TimeoutException"><paramref name="id"/> is given and the lease store does not answer (a search without an id starts anyway).</exception>
    public Task<SearchStatus> StartAsync(SearchSpec spec, string? id = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ObjectDisposedException.ThrowIf(_shutdown.IsCancellationRequested, this);
        if (id is not null)
        {
            if (!ValidId().IsMatch(id))
                throw new FieldException("search_id", $"'{id}' is not an id (1 to 64 letters, digits, '.', '_' or '-')");
            if (_runs.TryGetValue(id, out var existing))
                return Task.FromResult(SameOrConflict(existing, spec));
        }
        // The sizes first: nothing else may allocate or compute in proportion to an unchecked request.
        _options.Limits.Check(spec);
        spec.Validate();
        int waiting;
        lock (_slots)
            waiting = _waiting.Count;
        if (waiting >= _options.MaxPendingSearches)
            throw new SearchCapacityException($"{waiting} searches are already waiting for a slot (the limit is {_options.MaxPendingSearches}); retry when one has started, or cancel one");
        return StartValidatedAsync(spec, id, cancellationToken);
    }

    /// <summary>The status of a search.</summary>
    /// <exception cref="KeyNotFoundException">No search has that id.</exception>
    public SearchStatus Get(string id) => Find(id).Status();

    /// <summary>Forgets a finished search: its record leaves the store and this manager.</summary>
    /// <exception cref="KeyNotFoundException">No search has that id.</exception>
    /// <exception cref="InvalidOperationException">The search is pending or running (cancel it first), here or on another controller.</exception>
    /// <exception cref="TimeoutException">The lease store does not answer.</exception>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        var run = Find(id);
        ThrowIfDetached(run);
        CheckDeletable(run);
        if (!await TryAcquireForCallerAsync(id, cancellationToken).ConfigureAwait(false))
            throw new SearchOwnedElsewhereException(id, "another controller has resumed it");
        try
        {
            lock (_slots)
            {
                CheckDeletable(run);
                _runs.TryRemove(new KeyValuePair<string, SearchRun>(id, run));
            }
            await _store.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _keeper.ReleaseAsync(id).ConfigureAwait(false);
        }
        _logger.Deleted(id);
    }

    /// <summary>Every search, oldest first.</summary>
    public IReadOnlyList<SearchStatus> List() =>
        [.. _runs.Values.OrderBy(r => r.Created).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Status())];

    /// <summary>Waits until a search has finished (or the process shuts down) and returns its status.</summary>
    /// <exception cref="KeyNotFoundException">No search has that id.</exception>
    public async Task<SearchStatus> WaitAsync(string id, CancellationToken cancellationToken = default)
    {
        // The caller's own wait is not one of the watchers the limit is for.
        await foreach (var _ in ReadAsync(Find(id), int.MaxValue, cancellationToken).ConfigureAwait(false))
        {
        }
        return Get(id);
    }

    private async Task<SearchStatus> StartValidatedAsync(SearchSpec spec, string? id, CancellationToken cancellationToken)
    {
        var model = await ResolveModelAsync(spec.Evaluation.Model, cancellationToken).ConfigureAwait(false);
        spec = spec with { Evaluation = spec.Evaluation with { Model = model.Name } };
        var request = spec.ToRequest(model);
        string runId = id ?? NewId();
        if (!await TryAcquireNewAsync(runId, id is null, cancellationToken).ConfigureAwait(false))
        {
            var elsewhere = await ShowElsewhereAsync(runId, cancellationToken).ConfigureAwait(false)
                ?? throw new SearchOwnedElsewhereException(runId, "another controller is starting a search with this id");
            return SameOrConflict(elsewhere, spec);
        }
        try
        {
            // A search under the same id may be stored by another controller (finished, or left when it stopped).
            if (id is not null && await AdoptStoredAsync(id, orNone: true, cancellationToken).ConfigureAwait(false) is { } adopted)
                return SameOrConflict(adopted, spec);
            var run = new SearchRun(runId, spec, model, request, _time, _options.WatcherBuffer);
            if (!_runs.TryAdd(run.Id, run))
                return SameOrConflict(_runs[run.Id], spec);
            _logger.Accepted(run.Id, model.Name, model.Checksum, request.Describe().ReplaceLineEndings(" ").Trim());
            await PersistAsync(run).ConfigureAwait(false);
            Schedule(run);
            return run.Status();
        }
        finally
        {
            // Kept while the search waits or runs here.
            await ReleaseUnlessActiveAsync(runId).ConfigureAwait(false);
        }
    }

    /// <summary>Takes the lease of a search to start; a fresh random id starts even when the lease store does not answer.</summary>
    private async Task<bool> TryAcquireNewAsync(string id, bool fresh, CancellationToken cancellationToken)
    {
        try
        {
            return await _keeper.TryAcquireAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (fresh && !cancellationToken.IsCancellationRequested)
        {
            // No other process can hold the lease of an id nobody has seen yet.
            _keeper.Assume(id);
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw StoreUnavailable(id, e);
        }
    }

    /// <summary>Takes the lease of a search a caller acts on.</summary>
    /// <exception cref="TimeoutException">The lease store does not answer (the caller may retry; its own error stays in the log).</exception>
    private async Task<bool> TryAcquireForCallerAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await _keeper.TryAcquireAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw StoreUnavailable(id, e);
        }
    }

    private TimeoutException StoreUnavailable(string id, Exception error)
    {
        _logger.StoreUnread(error, id);
        return new TimeoutException($"the search store does not answer, so this controller cannot tell whether another one runs search '{id}'; retry");
    }

    private static SearchStatus SameOrConflict(SearchRun existing, SearchSpec spec)
    {
        var asked = spec.Evaluation.Model.Length == 0 ? spec with { Evaluation = spec.Evaluation with { Model = existing.Spec.Evaluation.Model } } : spec;
        if (!asked.SameAs(existing.Spec))
            throw new SearchExistsException(existing.Id);
        return existing.Status();
    }

    private static void CheckDeletable(SearchRun run)
    {
        if (!run.Status().IsFinished || run.Execution is { IsCompleted: false })
            throw new InvalidOperationException($"search '{run.Id}' is {run.State.ToString().ToLowerInvariant()}; cancel it before deleting it");
    }

    private SearchRun Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _runs.TryGetValue(id, out var run) ? run : throw new KeyNotFoundException($"no search '{id}'");
    }

    private async Task<ModelDescription> ResolveModelAsync(string name, CancellationToken cancellationToken)
    {
        var models = await _backend.ModelsAsync(cancellationToken).ConfigureAwait(false);
        if (models.Count == 0)
            throw new InvalidOperationException("the evaluation backend serves no model");
        if (string.IsNullOrEmpty(name))
            return models[0];
        return models.FirstOrDefault(m => m.Name == name)
            ?? throw new FieldException("evaluation.model", $"no model '{name}' (served: {string.Join(", ", models.Select(m => m.Name))})");
    }

    private static string NewId() => Guid.NewGuid().ToString("N")[..12];

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ValidId();
}
