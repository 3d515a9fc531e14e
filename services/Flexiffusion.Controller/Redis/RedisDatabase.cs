using Flexiffusion.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Flexiffusion.Controller.Redis;

/// <summary>The shared database when Redis is connected; otherwise a fast, clear failure (never a command stuck until its timeout).</summary>
internal static class RedisDatabase
{
    /// <exception cref="InvalidOperationException">Redis is not configured or not connected.</exception>
    public static async ValueTask<IDatabase> ConnectedAsync(RedisConnection redis, CancellationToken cancellationToken)
    {
        var database = await redis.DatabaseAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("Redis is not configured (Redis:Configuration)");
        if (!database.Multiplexer.IsConnected)
            throw new InvalidOperationException($"Redis at {redis.Describe()} is not connected");
        return database;
    }
}
