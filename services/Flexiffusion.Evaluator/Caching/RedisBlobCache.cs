using Flexiffusion.Metrics.Caching;
using Flexiffusion.ServiceDefaults.Redis;
using Flexiffusion.Evaluator.Telemetry;
using StackExchange.Redis;

namespace Flexiffusion.Evaluator.Caching;

/// <summary>
/// Teacher features in Redis, shared by every replica, under the <see cref="Flexiffusion.Identity.StoreKeys"/> keys with the
/// entry TTL of <see cref="RedisOptions"/>. Redis trouble never fails an evaluation: a failed or
/// unreachable read is a miss, a failed write is skipped, both with a warning.
/// </summary>
internal sealed class RedisBlobCache(RedisConnection connection, ILogger<RedisBlobCache> logger) : IBlobCache
{
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            var database = await ConnectedAsync(cancellationToken).ConfigureAwait(false);
            if (database is null)
            {
                EvaluatorLog.RedisUnavailable(logger, "not connected", key, "treated as a cache miss");
                return null;
            }
            var value = await database.StringGetAsync(key).ConfigureAwait(false);
            return value.IsNull ? null : (byte[]?)value;
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            EvaluatorLog.RedisUnavailable(logger, e.Message, key, "treated as a cache miss");
            return null;
        }
    }

    public async ValueTask SetAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        try
        {
            var database = await ConnectedAsync(cancellationToken).ConfigureAwait(false);
            if (database is null)
            {
                EvaluatorLog.RedisUnavailable(logger, "not connected", key, "not cached");
                return;
            }
            await database.StringSetAsync(key, value, connection.Options.EntryTtl).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            EvaluatorLog.RedisUnavailable(logger, e.Message, key, "not cached");
        }
    }

    /// <summary>Failures of the store itself (as opposed to cancellation or bugs).</summary>
    public static bool IsRedisFailure(Exception e) => e is RedisException or TimeoutException or IOException or ObjectDisposedException;

    // A disconnected multiplexer would queue commands until its timeout; a miss now is better.
    private async ValueTask<IDatabase?> ConnectedAsync(CancellationToken cancellationToken)
    {
        var database = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
        return database is not null && database.Multiplexer.IsConnected ? database : null;
    }
}
