using System.Collections.Concurrent;
using Flexiffusion.Contracts.Mapping;
using Flexiffusion.Controller.Hosting;
using Flexiffusion.Controller.Telemetry;
using Flexiffusion.Search.Evaluation;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>
/// The distributed evaluation backend. Candidates wait in one queue per model (<see cref="ModelQueue"/>); every
/// evaluator (<see cref="EvaluatorEndpoint"/>) holds one long-lived <c>Evaluate</c> stream and pulls from the queues of
/// the models it serves into its free slots, never more than the capacity its Ready message announced. Results are
/// yielded as they arrive. One layer of resilience: a candidate whose evaluator fails (stream error, deadline,
/// transient status, open circuit) goes back to its queue for any evaluator, at most
/// <see cref="ControllerOptions.MaxDispatches"/> times; a failing evaluator's circuit opens and it leaves until its
/// health check says SERVING; INVALID_ARGUMENT fails the candidate's batch. While no evaluator serves a model, its
/// candidates wait for one (without limit unless <see cref="ControllerOptions.NoEvaluatorTimeout"/> is set), and
/// <see cref="WaitingReason"/> says why. Evaluators come from the static list and from DNS (<see cref="SetAddresses"/>);
/// vanished ones leave after finishing their work.
/// </summary>
public sealed partial class EvaluatorPool : IEvaluationBackend, IEvaluationAvailability, IAsyncDisposable
{
    private readonly ControllerOptions _options;
    private readonly ControllerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<EvaluatorPool> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, EvaluatorEndpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _sources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ModelKey, ModelQueue> _queues = new();
    private readonly ConcurrentDictionary<ModelKey, string> _waiting = new();
    private readonly Lock _waitingGate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopped;

    /// <summary>Creates the pool; evaluators join through <see cref="SetAddresses"/>.</summary>
    public EvaluatorPool(IOptions<ControllerOptions> options, ControllerMetrics metrics, TimeProvider timeProvider, ILogger<EvaluatorPool> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _metrics = metrics;
        _time = timeProvider;
        _logger = logger;
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

    /// <inheritdoc />
    public event EventHandler<ModelKey>? WaitingChanged;

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
                return _queues.Values.Sum(q => q.Count) + _endpoints.Values.Sum(e => e.InFlight);
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
            if (_stopped)
                return;
            _sources[source] = [.. addresses.Select(a => a.TrimEnd('/'))];
            var wanted = _sources.Values.SelectMany(s => s).ToHashSet(StringComparer.Ordinal);
            foreach (string address in wanted.Where(a => !_endpoints.ContainsKey(a)).Order(StringComparer.Ordinal))
            {
                var endpoint = new EvaluatorEndpoint(address, _options, _time, _logger, this);
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
    }

    /// <inheritdoc />
    public string? WaitingReason(ModelKey model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _waiting.TryGetValue(model, out string? reason) ? reason : null;
    }

    /// <inheritdoc />
    public IFitnessEvaluator CreateEvaluator(EvaluationSettings settings, ModelDescription model)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(model);
        return new PoolEvaluator(QueueOf(model.Key), SettingsMapping.ToProto(settings with { Model = model.Name }));
    }

    /// <summary>Stops every stream; waiting candidates are cancelled.</summary>
    public async ValueTask DisposeAsync()
    {
        EvaluatorEndpoint[] endpoints;
        lock (_gate)
        {
            if (_stopped)
                return;
            _stopped = true;
            endpoints = [.. _endpoints.Values];
            _endpoints.Clear();
        }
        foreach (var queue in _queues.Values)
            queue.Close();
        await Task.WhenAll(endpoints.Select(e => e.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    /// <summary>The queue of a model, created on first use.</summary>
    internal ModelQueue QueueOf(ModelKey model) =>
        _queues.GetOrAdd(model, m => new ModelQueue(m, _options.NoEvaluatorTimeout, _time, () => Describe(m), OnWaitingChanged));

    /// <summary>A candidate's dispatch failed on <paramref name="address"/>: back to its queue, unless it used up its dispatches.</summary>
    internal void Retry(WorkItem item, string address, Exception error)
    {
        if (item.Dispatches >= _options.MaxDispatches)
        {
            item.Fail(new InvalidOperationException(
                $"candidate '{item.Text}' failed on {item.Dispatches} evaluator dispatches; the last, on {address}: {error.Message}", error));
            return;
        }
        if (error is BrokenCircuitException or EndpointUnavailableException)
            EndpointLog.Requeued(_logger, item.Text, error.Message);
        else
            EndpointLog.Redispatch(_logger, item.Text, address, item.Dispatches, error.Message);
        QueueOf(item.ModelKey).Enqueue(item);
    }

    /// <summary>Counts an answered candidate.</summary>
    internal void Evaluated(CandidateEvaluation result, string address, TimeSpan elapsed) => _metrics.Evaluated(result.EvaluatorId ?? address, elapsed);

    /// <summary>An evaluator joined, left or was taken out: whoever waits for one looks again.</summary>
    internal void Changed() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private string Describe()
    {
        lock (_gate)
            return string.Join(", ", _endpoints.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Every evaluator and where it stands for <paramref name="model"/>.</summary>
    private string Describe(ModelKey model)
    {
        lock (_gate)
        {
            return _endpoints.Count == 0
                ? "none configured"
                : string.Join(", ", _endpoints.Values.OrderBy(e => e.Address, StringComparer.Ordinal).Select(e => $"{e.Address}: {e.Condition(model)}"));
        }
    }

    /// <summary>A queue started or stopped waiting for an evaluator: the reason is recorded or dropped, then the searches are told.</summary>
    private void OnWaitingChanged(ModelQueue queue)
    {
        var model = queue.Model;
        lock (_waitingGate)
        {
            // Read under this gate, so the last of two quick changes always leaves the queue's current state.
            if (queue.IsWaiting)
            {
                string evaluators = Describe(model);
                _waiting[model] = $"waiting for an evaluator serving model '{model.Name}': none connected (evaluators: {evaluators})";
                EndpointLog.Waiting(_logger, model.Name, evaluators);
            }
            else if (_waiting.TryRemove(model, out _))
            {
                EndpointLog.WaitEnded(_logger, model.Name);
            }
            else
            {
                return;
            }
        }
        try
        {
            WaitingChanged?.Invoke(this, model);
        }
        catch (Exception e)
        {
            EndpointLog.WaitingHandlerFailed(_logger, e);
        }
    }
}
