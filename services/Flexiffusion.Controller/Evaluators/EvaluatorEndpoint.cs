using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Controller.Hosting;
using Flexiffusion.Search.Evaluation;
using Grpc.Health.V1;
using Flexiffusion.ServiceDefaults.Security;
using Grpc.Net.Client;
using Polly;
using Polly.CircuitBreaker;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>
/// One evaluator address. It owns its channel, its long-lived <c>Evaluate</c> stream (reconnected once its health check
/// says SERVING) with that stream's slots, and its resilience pipeline (circuit breaker and per-candidate deadline,
/// <see cref="EndpointPipeline"/>). While connected it pulls candidates from the queue of every model it serves, one
/// per free slot, so a faster evaluator takes more and a stalled one never more than its capacity.
/// </summary>
internal sealed partial class EvaluatorEndpoint : IAsyncDisposable
{
    private readonly ControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly EvaluatorPool _pool;
    private readonly GrpcChannel _channel;
    private readonly EvaluatorService.EvaluatorServiceClient _client;
    private readonly Health.HealthClient _health;
    private readonly CircuitBreakerManualControl _breaker = new();
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly ResiliencePipeline _pipeline;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _drain = new();
    private volatile EvaluatorConnection? _connection;
    private volatile bool _out;
    private long _requestIds;
    private int _disposed;
    private Task _loop = Task.CompletedTask;

    /// <param name="address">The evaluator's address, e.g. http://127.0.0.1:5101.</param>
    /// <param name="options">Timeouts, breaker settings and the credentials towards evaluators.</param>
    /// <param name="time">The clock of delays and deadlines.</param>
    /// <param name="logger">Logs joins, losses and breaks.</param>
    /// <param name="pool">The queues the endpoint pulls from and gives failed candidates back to.</param>
    public EvaluatorEndpoint(string address, ControllerOptions options, TimeProvider time, ILogger logger, EvaluatorPool pool)
    {
        Address = address;
        _options = options;
        _time = time;
        _logger = logger;
        _pool = pool;
        // The controller's token rides on every call (health checks, GetEvaluatorInfo, the Evaluate stream) as call credentials.
        _channel = SecureChannel.Create(address, options.EvaluatorCredentials, new GrpcChannelOptions { MaxReceiveMessageSize = 16 * 1024 * 1024 });
        _client = new EvaluatorService.EvaluatorServiceClient(_channel);
        _health = new Health.HealthClient(_channel);
        _pipeline = EndpointPipeline.Build(options, time, _breaker, _circuit, TakeOut);
    }

    public string Address { get; }

    /// <summary>
    /// Whether new candidates may go here: connected, not taken out by the breaker, not leaving. An open circuit counts
    /// from the moment it opens: the breaker reports the opening (<see cref="TakeOut"/>) only later.
    /// </summary>
    public bool IsAvailable => !_drain.IsCancellationRequested && !_out && _circuit.CircuitState is not (CircuitState.Open or CircuitState.Isolated)
        && _connection is { IsAlive: true };

    /// <summary>Where the endpoint stands for <paramref name="model"/>, in words (for a search waiting for an evaluator).</summary>
    public string Condition(ModelKey model)
    {
        if (_drain.IsCancellationRequested)
            return "leaving";
        if (_out || _circuit.CircuitState is CircuitState.Open or CircuitState.Isolated)
            return "taken out after failures";
        if (_connection is { IsAlive: true } connection)
            return connection.Models.Contains(model) ? "connected" : "serves other models";
        return "unavailable";
    }

    /// <summary>Candidates sent on the current stream and not yet answered.</summary>
    public int InFlight => _connection?.Outstanding ?? 0;

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>What the evaluator serves.</summary>
    public async Task<EvaluatorInfo> GetInfoAsync(CancellationToken cancellationToken) =>
        await _client.GetEvaluatorInfoAsync(new GetEvaluatorInfoRequest(), deadline: Deadline(_options.InfoTimeout), cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>Takes no new candidates, waits for its outstanding ones (at most <see cref="ControllerOptions.CallTimeout"/>), then stops.</summary>
    public async Task DrainAsync()
    {
        await _drain.CancelAsync().ConfigureAwait(false);
        _pool.Changed();
        if (_connection is { } connection)
        {
            using var limit = new CancellationTokenSource(_options.CallTimeout, _time);
            try
            {
                await connection.IdleAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Its candidates fail over to the other evaluators when the stream closes.
            }
        }
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
        _drain.Dispose();
    }

    private static DateTime Deadline(TimeSpan timeout) => DateTime.UtcNow + timeout;

    /// <summary>The breaker opened: the endpoint leaves the pool and its stream is reset, so its candidates go elsewhere.</summary>
    private void TakeOut()
    {
        _out = true;
        EndpointLog.TakenOut(_logger, Address, _options.HealthInterval);
        _connection?.Abort("its circuit opened");
        _pool.Changed();
    }
}
