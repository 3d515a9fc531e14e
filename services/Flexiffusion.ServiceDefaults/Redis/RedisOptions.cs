namespace Flexiffusion.ServiceDefaults.Redis;

/// <summary>The Redis connection. Section <c>Redis</c>; no configuration means no Redis (in-memory caches).</summary>
public sealed class RedisOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Redis";

    /// <summary>StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>; empty for none.</summary>
    public string? Configuration { get; set; }

    /// <summary>Time-to-live of cached candidate scores and teacher features. Default 30 days.</summary>
    public TimeSpan EntryTtl { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Time-to-live of search records and snapshots. Default 7 days.</summary>
    public TimeSpan SearchTtl { get; set; } = TimeSpan.FromDays(7);
}
