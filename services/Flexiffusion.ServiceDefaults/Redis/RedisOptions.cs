namespace Flexiffusion.ServiceDefaults.Redis;

/// <summary>The Redis connection. Section <c>Redis</c>; no configuration means no Redis (in-memory caches).</summary>
public sealed class RedisOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Redis";

    /// <summary>
    /// StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c> or <c>redis:6379,user=flexiffusion,ssl=true</c>;
    /// empty for none. It may hold <c>password=</c>, but <see cref="PasswordFile"/> keeps the password off command lines.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>A file whose first line is the Redis password (<c>requirepass</c>, or the ACL user's password); overrides any <c>password=</c>.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>The Redis password given directly (e.g. <c>FLEXIFFUSION_Redis__Password</c>); <see cref="PasswordFile"/> wins.</summary>
    public string? Password { get; set; }

    /// <summary>PEM file of the CA that issued the Redis server's certificate (with <c>ssl=true</c>); empty trusts the system's roots.</summary>
    public string? CaFile { get; set; }

    /// <summary>
    /// Time-to-live of every cache entry (candidate scores, teacher features, reference statistics). Default 30 days.
    /// Search records, snapshots and their index have no time-to-live: they are kept until the controller deletes them
    /// (<c>Controller:MaxFinishedSearches</c>), so a Redis run with <c>maxmemory-policy volatile-lru</c> evicts caches, never searches.
    /// </summary>
    public TimeSpan EntryTtl { get; set; } = TimeSpan.FromDays(30);
}
