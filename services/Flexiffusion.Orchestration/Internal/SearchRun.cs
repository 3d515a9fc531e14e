using Flexiffusion.Orchestration.Persistence;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Orchestration.Specs;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Orchestration.Internal;

/// <summary>
/// One search's state, its watchers and its current execution. Every change happens under one lock
/// together with the fan-out to watchers, so a new watcher's first item (the current state) is never
/// older or newer than the live items that follow it.
/// </summary>
internal sealed partial class SearchRun
{
    private readonly Lock _lock = new();
    private readonly List<WatcherQueue> _watchers = [];
    private readonly List<string> _warnings = [];
    private readonly TimeProvider _time;
    private readonly int _watcherBuffer;
    private SearchState _state;
    private DateTimeOffset _updated;
    private SearchSnapshot? _snapshot;
    private string? _error;
    private string? _waiting;
    private ScoredCandidate? _best;
    private SearchResult? _result;
    private int _scored;
    private int _generationDone;
    private int _generationTotal;

    public SearchRun(string id, SearchSpec spec, ModelDescription model, SearchRequest request, TimeProvider time, int watcherBuffer)
    {
        Id = id;
        Spec = spec;
        Model = model;
        Request = request;
        _time = time;
        _watcherBuffer = watcherBuffer;
        Created = _updated = time.GetUtcNow();
        _state = SearchState.Pending;
    }

    public string Id { get; }

    public SearchSpec Spec { get; }

    public ModelDescription Model { get; }

    public SearchRequest Request { get; }

    public DateTimeOffset Created { get; private init; }

    /// <summary>Whether the next execution must check that the backend still serves <see cref="Model"/> (not on a fresh start).</summary>
    public bool NeedsModelCheck
    {
        get
        {
            lock (_lock)
                return _checkModel;
        }
    }

    /// <summary>Serialises saves, so the last save always carries the latest state.</summary>
    public SemaphoreSlim PersistGate { get; } = new(1, 1);

    /// <summary>The current (or last) execution, when any.</summary>
    public Task? Execution
    {
        get
        {
            lock (_lock)
                return _execution;
        }
    }

    /// <summary>Whether a user cancelled the current execution (as opposed to a shutdown).</summary>
    public bool CancelRequested
    {
        get
        {
            lock (_lock)
                return _cancelRequested;
        }
    }

    public SearchState State
    {
        get
        {
            lock (_lock)
                return _state;
        }
    }

    /// <summary>The last snapshot, to resume from.</summary>
    public SearchSnapshot? Snapshot
    {
        get
        {
            lock (_lock)
                return _snapshot;
        }
    }

    /// <summary>When the state last changed (as stored).</summary>
    public DateTimeOffset Updated
    {
        get
        {
            lock (_lock)
                return _updated;
        }
    }

    public SearchStatus Status()
    {
        lock (_lock)
            return StatusLocked();
    }

    public SearchRecord Record()
    {
        lock (_lock)
        {
            return new SearchRecord(Id, Spec, Model, _state, Created, _updated)
            {
                Snapshot = _snapshot?.ToJson(),
                Error = _error,
                Warnings = [.. _warnings],
                Evaluations = _result?.Evaluations ?? 0,
                CacheHits = _result?.CacheHits ?? 0,
            };
        }
    }

    /// <summary>
    /// A search read back from a store; a running one comes back pending, to be resumed, unless <paramref name="detached"/>
    /// says why another controller runs it (then it shows the stored state).
    /// </summary>
    /// <exception cref="FormatException">The record or its snapshot cannot be read.</exception>
    /// <exception cref="ArgumentException">The stored specification no longer makes a valid request.</exception>
    public static SearchRun FromRecord(SearchRecord record, TimeProvider time, int watcherBuffer, string? detached = null)
    {
        var request = record.Spec.ToRequest(record.Model);
        var run = new SearchRun(record.Id, record.Spec, record.Model, request, time, watcherBuffer) { Created = record.Created, _checkModel = true };
        run._updated = record.Updated;
        run._state = record.State == SearchState.Running && detached is null ? SearchState.Pending : record.State;
        run._detached = detached;
        run._lost = detached is not null;
        run._error = record.Error;
        run._warnings.AddRange(record.Warnings);
        if (record.Snapshot is { } json)
        {
            run._snapshot = SearchSnapshot.FromJson(json);
            var history = SnapshotSummary.History(run._snapshot, request);
            run._scored = history.Count;
            run._best = SnapshotSummary.Best(history, request.Budget.Metric);
            if (record.State == SearchState.Completed)
                run._result = SnapshotSummary.Result(run._snapshot, request, record.Evaluations, record.CacheHits, record.Spec.Confirmation.Describe(record.Spec.Evaluation));
        }
        else if (record.State == SearchState.Completed)
        {
            throw new FormatException($"completed search '{record.Id}' has no snapshot");
        }
        return run;
    }

    private SearchStatus StatusLocked() => new(Id, _state)
    {
        Spec = Spec,
        GenerationsDone = _snapshot?.CompletedGenerations ?? 0,
        GenerationsTotal = Spec.Evolution.Generations,
        Scored = _scored,
        Best = _best,
        Result = _result,
        Error = _error,
        Waiting = _waiting,
        Created = Created,
        Updated = _updated,
        Warnings = _detached is null ? [.. _warnings] : [.. _warnings, _detached],
    };
}
