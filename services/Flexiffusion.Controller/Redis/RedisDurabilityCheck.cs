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
    public static async Task<IReadOnlyList<string>> RisksAsync(IDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var risks = new List<string>();
        string? policy = await ConfigAsync(database, "maxmemory-policy").ConfigureAwait(false);
        if (policy is not null && policy.StartsWith("allkeys-", StringComparison.OrdinalIgnoreCase))
        {
            risks.Add($"Redis maxmemory-policy is {policy}: under memory pressure it evicts search records and snapshots too; "
                + "use volatile-lru (only keys with a time-to-live, the caches, are evicted)");
        }
        string? appendOnly = await ConfigAsync(database, "appendonly").ConfigureAwait(false);
        string? save = await ConfigAsync(database, "save").ConfigureAwait(false);
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
                    foreach (string risk in await RisksAsync(database).ConfigureAwait(false))
                        StoreLog.Risky(logger, risk);
                    return;
                }
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Not reachable yet: checked once it is.
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

    /// <summary>One setting, or null when Redis refuses to tell.</summary>
    private static async Task<string?> ConfigAsync(IDatabase database, string name)
    {
        try
        {
            var reply = await database.ExecuteAsync("CONFIG", "GET", name).ConfigureAwait(false);
            return reply.ToDictionary().TryGetValue(name, out var value) ? value.ToString() : null;
        }
        catch (Exception e) when (e is RedisServerException or RedisCommandException or InvalidCastException)
        {
            return null;
        }
    }
}
