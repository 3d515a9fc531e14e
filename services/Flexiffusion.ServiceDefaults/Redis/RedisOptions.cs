namespace Flexiffusion.ServiceDefaults.Redis;

/// <summary>The Redis connection. Section <c>Redis</c>; no configuration means no Redis (in-memory caches).</summary>
public sealed class RedisOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Redis";

    /// <summary>StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>; empty for none.</summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// Time-to-live of every cache entry (candidate scores, teacher features, reference statistics). Default 30 days.
    /// Search records, snapshots and their index have no time-to-live: they are kept until the controller deletes them
    /// (<c>Controller:MaxFinishedSearches</c>), so a Redis run with <c>maxmemory-policy volatile-lru</c> evicts caches, never searches.
    /// </summary>
    public TimeSpan EntryTtl { get; set; } = TimeSpan.FromDays(30);
}
