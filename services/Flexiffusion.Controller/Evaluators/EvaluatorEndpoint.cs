using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Controller.Hosting;
using Flexiffusion.Search.Evaluation;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Polly;
using Polly.CircuitBreaker;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>
/// One evaluator address: its channel, its long-lived <c>Evaluate</c> stream (reconnected after its
/// health check says SERVING), and its resilience pipeline, built once (see <see cref="EndpointPipeline"/>).
/// </summary>
internal sealed partial class EvaluatorEndpoint : IAsyncDisposable
{
    private readonly ControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action _changed;
    private readonly GrpcChannel _channel;
    private readonly EvaluatorService.EvaluatorServiceClient _client;
    private readonly Health.HealthClient _health;
    private readonly CircuitBreakerManualControl _breaker = new();
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly ResiliencePipeline _pipeline;
    private readonly CancellationTokenSource _stop = new();
    private volatile EvaluatorConnection? _connection;
    private volatile bool _out;
    private volatile bool _draining;
    private long _requestIds;
    private int _disposed;
    private Task _loop = Task.CompletedTask;

    /// <param name="address">The evaluator's address, e.g. http://127.0.0.1:5101.</param>
    /// <param name="options">Timeouts, retry and breaker settings.</param>
    /// <param name="time">The clock of delays and timeouts.</param>
    /// <param name="logger">Logs joins, losses and breaks.</param>
    /// <param name="changed">Called whenever slots may have become free or the endpoint's availability changed.</param>
    public EvaluatorEndpoint(string address, ControllerOptions options, TimeProvider time, ILogger logger, Action changed)
    {
        Address = address;
        _options = options;
        _time = time;
        _logger = logger;
        _changed = changed;
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = 16 * 1024 * 1024 });
        _client = new EvaluatorService.EvaluatorServiceClient(_channel);
        _health = new Health.HealthClient(_channel);
        _pipeline = EndpointPipeline.Build(options, time, _breaker, _circuit, TakeOut, () => _connection?.IsAlive == true);
    }

    public string Address { get; }

    /// <summary>
    /// Whether new candidates may go here: connected, not taken out by the breaker, not leaving. An open circuit
    /// counts from the moment it opens: the breaker reports the opening (<see cref="TakeOut"/>) only later, and
    /// candidates sent meanwhile would be refused at once, each refusal using up one of their dispatches.
    /// </summary>
    public bool IsAvailable => !_draining && !_out && _circuit.CircuitState is not (CircuitState.Open or CircuitState.Isolated) && _connection is { IsAlive: true };

    public int FreeSlots => IsAvailable ? _connection!.FreeSlots : 0;

    /// <summary>Whether the evaluator serves the exact model (name, weights, feature network) of <paramref name="model"/>.</summary>
    public bool Serves(ModelKey model) => _connection?.Models.Contains(model) == true;

    /// <summary>Candidates leased on the current stream (waiting to be sent or in flight).</summary>
    public int InFlight => _connection?.Leases ?? 0;

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Leases a slot for a new candidate.</summary>
    public bool TryLease(out EvaluatorConnection connection)
    {
        connection = _connection!;
        return IsAvailable && connection is not null && connection.TryLease();
    }

    /// <summary>What the evaluator serves.</summary>
    public async Task<EvaluatorInfo> GetInfoAsync(CancellationToken cancellationToken) =>
        await _client.GetEvaluatorInfoAsync(new GetEvaluatorInfoRequest(), deadline: Deadline(_options.InfoTimeout), cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>Takes no new work, waits for its outstanding candidates (at most <see cref="ControllerOptions.CallTimeout"/>), then stops.</summary>
    public async Task DrainAsync()
    {
        _draining = true;
        _changed();
        var deadline = _time.GetUtcNow() + _options.CallTimeout;
        while (_connection is { IsAlive: true, Leases: > 0 } && _time.GetUtcNow() < deadline)
            await Task.Delay(TimeSpan.FromMilliseconds(50), _time).ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _connection?.Abort("the evaluator left the pool");
        await _loop.ConfigureAwait(false);
        _channel.Dispose();
        _stop.Dispose();
    }

    private static DateTime Deadline(TimeSpan timeout) => DateTime.UtcNow + timeout;

    /// <summary>The breaker opened: the endpoint leaves the pool and its stream is reset, so its candidates go elsewhere.</summary>
    private void TakeOut()
    {
        _out = true;
        EndpointLog.TakenOut(_logger, Address, _options.HealthInterval);
        _connection?.Abort("its circuit opened");
        _changed();
    }
}
