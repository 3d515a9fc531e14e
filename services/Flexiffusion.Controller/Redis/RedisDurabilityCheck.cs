using Flexiffusion.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Flexiffusion.Controller.Redis;

/// <summary>
/// Warns once, as soon as Redis answers, when its configuration puts search records at risk: an <c>allkeys-*</c>
/// eviction policy (records have no time-to-live; <c>volatile-lru</c> evicts only the caches) or no persistence at all
/// (records are lost when Redis restarts). A Redis that refuses <c>CONFIG GET</c> (a managed service, an ACL) is not
/// checked, quietly.
/// </summary>
internal sealed class RedisDurabilityCheck(RedisConnection redis, TimeProvider time, ILogger<RedisDurabilityCheck> logger) : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    /// <summary>What in a Redis's configuration puts search records at risk (empty when nothing, or when it cannot be read).</summary>
    /// <param name="server">The server, through a connection that allows admin commands (CONFIG).</param>
    public static async Task<IReadOnlyList<string>> RisksAsync(IServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var risks = new List<string>();
        string? policy = await ConfigAsync(server, "maxmemory-policy").ConfigureAwait(false);
        if (policy is not null && policy.StartsWith("allkeys-", StringComparison.OrdinalIgnoreCase))
        {
            risks.Add($"Redis maxmemory-policy is {policy}: under memory pressure it evicts search records and snapshots too; "
                + "use volatile-lru (only keys with a time-to-live, the caches, are evicted)");
        }
        string? appendOnly = await ConfigAsync(server, "appendonly").ConfigureAwait(false);
        string? save = await ConfigAsync(server, "save").ConfigureAwait(false);
        if (string.Equals(appendOnly, "no", StringComparison.OrdinalIgnoreCase) && save is not null && string.IsNullOrWhiteSpace(save))
            risks.Add("Redis persists nothing (appendonly no, save \"\"): search records are lost when it restarts; use appendonly yes");
        return risks;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var database = await redis.DatabaseAsync(stoppingToken).ConfigureAwait(false);
                if (database is null)
                    return;
                if (database.Multiplexer.IsConnected)
                {
                    foreach (string risk in await CheckAsync(redis.Options).ConfigureAwait(false))
                        StoreLog.Risky(logger, risk);
                    return;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is RedisException or TimeoutException)
            {
                // Not reachable yet: checked once it is.
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A check that cannot be made never stops the controller.
                StoreLog.NotChecked(logger, e);
                return;
            }
            try
            {
                await Task.Delay(Retry, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The risks, read through a short-lived connection of its own: CONFIG needs admin mode, which the shared connection does not enable.</summary>
    private static async Task<IReadOnlyList<string>> CheckAsync(RedisOptions settings)
    {
        // The same password, user and TLS trust as the shared connection.
        var options = RedisConnection.BuildConfiguration(settings);
        options.AllowAdmin = true;
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        await using var admin = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        var server = admin.GetServers().FirstOrDefault(s => s.IsConnected);
        return server is null ? [] : await RisksAsync(server).ConfigureAwait(false);
    }

    /// <summary>One setting, or null when Redis refuses to tell (an ACL without CONFIG, a managed Redis).</summary>
    private static async Task<string?> ConfigAsync(IServer server, string name)
    {
        try
        {
            var pairs = await server.ConfigGetAsync(name).ConfigureAwait(false);
            return pairs.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        }
        catch (RedisServerException)
        {
            return null;
        }
    }
}
