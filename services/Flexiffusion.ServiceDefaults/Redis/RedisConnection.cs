using System.Globalization;
using System.Net;
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

    /// <summary>Where Redis is, for logs and errors: its endpoints only, never the configuration string (which may hold a password).</summary>
    public string Describe() => IsConfigured ? DescribeEndpoints(_options.Configuration!) : "(not configured)";

    /// <summary>
    /// The client configuration: <see cref="RedisOptions.Configuration"/> with the password from
    /// <see cref="RedisOptions.PasswordFile"/> (or <see cref="RedisOptions.Password"/>) and the CA of <see cref="RedisOptions.CaFile"/>.
    /// </summary>
    public static ConfigurationOptions BuildConfiguration(RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = ConfigurationOptions.Parse(options.Configuration ?? "");
        if (!string.IsNullOrWhiteSpace(options.PasswordFile))
            config.Password = File.ReadLines(options.PasswordFile).FirstOrDefault()?.Trim();
        else if (!string.IsNullOrEmpty(options.Password))
            config.Password = options.Password;
        if (!string.IsNullOrWhiteSpace(options.CaFile))
            config.TrustIssuer(options.CaFile);
        return config;
    }

    /// <summary>The endpoints of a configuration string, e.g. <c>127.0.0.1:6379</c>.</summary>
    public static string DescribeEndpoints(string configuration)
    {
        try
        {
            return string.Join(",", ConfigurationOptions.Parse(configuration).EndPoints.Select(e => e is DnsEndPoint dns
                ? string.Create(CultureInfo.InvariantCulture, $"{dns.Host}:{dns.Port}")
                : e.ToString()));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException)
        {
            return "(an invalid configuration)";
        }
    }

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
                var config = BuildConfiguration(_options);
                config.AbortOnConnectFail = false;
                // While Redis is away, commands fail at once (a cache miss) instead of queueing until a timeout.
                config.BacklogPolicy = BacklogPolicy.FailFast;
                config.ConnectTimeout = 2000;
                config.SyncTimeout = 5000;
                config.AsyncTimeout = 5000;
                _multiplexer = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
                if (!_multiplexer.IsConnected)
                    _logger.LogWarning("Redis at {Redis} is not reachable yet; caches miss until it is", Describe());
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
