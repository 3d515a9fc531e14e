using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Flexiffusion.ServiceDefaults.Redis;

/// <summary>
/// The one shared Redis multiplexer of a service, connected lazily. It keeps reconnecting in the
/// background when Redis goes away; callers treat a failed command as a cache miss.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly ILogger<RedisConnection> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConnectionMultiplexer? _multiplexer;

    /// <summary>Creates the connection holder; nothing connects until first use.</summary>
    /// <exception cref="ArgumentException"><see cref="RedisOptions.EntryTtl"/> is not positive (every cache entry must expire).</exception>
    public RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        if (_options.EntryTtl <= TimeSpan.Zero)
            throw new ArgumentException($"{RedisOptions.Section}:{nameof(RedisOptions.EntryTtl)}: must be > 0 (got {_options.EntryTtl}); every cache entry expires", nameof(options));
        _logger = logger;
    }

    /// <summary>Whether Redis is configured at all.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(_options.Configuration);

    /// <summary>The options in force.</summary>
    public RedisOptions Options => _options;

    /// <summary>The database, or null when Redis is not configured.</summary>
    public async ValueTask<IDatabase?> DatabaseAsync(CancellationToken cancellationToken)
    {
        if (!IsConfigured)
            return null;
        if (_multiplexer is { } ready)
            return ready.GetDatabase();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_multiplexer is null)
            {
                var config = ConfigurationOptions.Parse(_options.Configuration!);
                config.AbortOnConnectFail = false;
                // While Redis is away, commands fail at once (a cache miss) instead of queueing until a timeout.
                config.BacklogPolicy = BacklogPolicy.FailFast;
                config.ConnectTimeout = 2000;
                config.SyncTimeout = 5000;
                config.AsyncTimeout = 5000;
                _multiplexer = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
                if (!_multiplexer.IsConnected)
                    _logger.LogWarning("Redis at {Redis} is not reachable yet; caches miss until it is", _options.Configuration);
            }
            return _multiplexer.GetDatabase();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null)
            await _multiplexer.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}
