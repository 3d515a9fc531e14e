using Flexiffusion.Contracts.Mapping;
using Flexiffusion.Controller.Hosting;
using Flexiffusion.Controller.Telemetry;
using Flexiffusion.Search.Evaluation;
using Microsoft.Extensions.Options;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>
/// The distributed evaluation backend: one long-lived <c>Evaluate</c> stream per evaluator, never
/// more candidates outstanding on a stream than the capacity its Ready message announced. Candidates
/// of every batch wait in one queue and go to the evaluator with the most free slots, so faster
/// evaluators naturally get more work; results are yielded as they arrive. A candidate whose
/// evaluator fails (stream error, timeout, transient status) goes back to the queue for another
/// evaluator; INVALID_ARGUMENT fails its batch. When no evaluator is available, candidates wait
/// (at most <see cref="ControllerOptions.CallTimeout"/>) instead of failing at once. Evaluators come
/// from the static list and from DNS (<see cref="SetAddresses"/>); vanished ones leave after
/// finishing their work.
/// </summary>
public sealed partial class EvaluatorPool : IEvaluationBackend, IAsyncDisposable
{
    private readonly ControllerOptions _options;
    private readonly ControllerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<EvaluatorPool> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, EvaluatorEndpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _sources = new(StringComparer.Ordinal);
    private readonly LinkedList<WorkItem> _queue = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _dispatcher;
    private readonly Dictionary<ModelKey, DateTimeOffset> _lastServed = [];

    /// <summary>Creates the pool and starts its dispatcher; evaluators join through <see cref="SetAddresses"/>.</summary>
    public EvaluatorPool(IOptions<ControllerOptions> options, ControllerMetrics metrics, TimeProvider timeProvider, ILogger<EvaluatorPool> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _metrics = metrics;
        _time = timeProvider;
        _logger = logger;
        _dispatcher = Task.Run(DispatchLoopAsync);
    }

    /// <summary>The evaluator addresses in the pool (including those leaving).</summary>
    public IReadOnlyList<string> Addresses
    {
        get
        {
            lock (_gate)
                return [.. _endpoints.Keys.Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>Evaluators connected and taking work.</summary>
    internal int AvailableCount
    {
        get
        {
            lock (_gate)
                return _endpoints.Values.Count(e => e.IsAvailable);
        }
    }

    /// <summary>Candidates waiting for an evaluator or in flight.</summary>
    public int QueueDepth
    {
        get
        {
            lock (_gate)
                return _queue.Count + _endpoints.Values.Sum(e => e.InFlight);
        }
    }

    /// <summary>
    /// Replaces the addresses that came from <paramref name="source"/> (e.g. "static", "dns"): new
    /// ones join, ones no source lists any more leave once their outstanding candidates are answered.
    /// </summary>
    public void SetAddresses(string source, IEnumerable<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(addresses);
        var leaving = new List<EvaluatorEndpoint>();
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
                return;
            _sources[source] = [.. addresses.Select(a => a.TrimEnd('/'))];
            var wanted = _sources.Values.SelectMany(s => s).ToHashSet(StringComparer.Ordinal);
            foreach (string address in wanted.Where(a => !_endpoints.ContainsKey(a)).Order(StringComparer.Ordinal))
            {
                var endpoint = new EvaluatorEndpoint(address, _options, _time, _logger, Signal);
                _endpoints[address] = endpoint;
                endpoint.Start();
                EndpointLog.Added(_logger, address, source);
            }
            foreach (var (address, endpoint) in _endpoints.Where(e => !wanted.Contains(e.Key)).ToList())
            {
                _endpoints.Remove(address);
                leaving.Add(endpoint);
            }
        }
        foreach (var endpoint in leaving)
        {
            EndpointLog.Leaving(_logger, endpoint.Address);
            _ = endpoint.DrainAsync();
        }
        Signal();
    }

    /// <inheritdoc />
    public IFitnessEvaluator CreateEvaluator(EvaluationSettings settings, ModelDescription model)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(model);
        return new PoolEvaluator(this, SettingsMapping.ToProto(settings with { Model = model.Name }), model.Key);
    }

    /// <summary>Stops the dispatcher and every stream; waiting candidates are cancelled.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        EvaluatorEndpoint[] endpoints;
        lock (_gate)
        {
            _stop.Cancel();
            endpoints = [.. _endpoints.Values];
            _endpoints.Clear();
            foreach (var item in _queue)
                item.Fail(new OperationCanceledException("the evaluator pool is shutting down"));
            _queue.Clear();
        }
        await _dispatcher.ConfigureAwait(false);
        await Task.WhenAll(endpoints.Select(e => e.DisposeAsync().AsTask())).ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Wakes the dispatcher: slots may be free, an evaluator joined or left, or work arrived.</summary>
    internal void Signal()
    {
        if (_wake.CurrentCount == 0)
            _wake.Release();
    }

    internal WorkItem NewItem(Search.Space.Candidate candidate, Contracts.Common.V1.EvaluationSettings settings, ModelKey modelKey, CancellationToken cancellationToken) =>
        new(candidate, settings, modelKey, _time.GetUtcNow(), cancellationToken);

    internal void Enqueue(IEnumerable<WorkItem> items)
    {
        lock (_gate)
        {
            foreach (var item in items)
                _queue.AddLast(item);
        }
        Signal();
    }
}
