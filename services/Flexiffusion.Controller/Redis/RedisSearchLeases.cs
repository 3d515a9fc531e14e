using System.Globalization;
using Flexiffusion.Identity;
using Flexiffusion.Orchestration.Persistence;
using Flexiffusion.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Flexiffusion.Controller.Redis;

/// <summary>
/// Search leases in Redis, shared by every controller on it: <see cref="StoreKeys.SearchLease"/> holds the holder's
/// <see cref="Owner"/> with a time-to-live of <see cref="Ttl"/>. Taking and extending are one script (set when free or
/// ours, <c>PX</c> ttl), releasing a compare-and-delete script, so a controller never extends or frees another's lease.
/// A lease that vanished without its holder releasing it (Redis lost it) is free, and its holder takes it again. When
/// Redis is down every call throws.
/// </summary>
public sealed class RedisSearchLeases : ISearchLeases
{
    /// <summary>Takes the lease when free or ours: KEYS[1] lease; ARGV[1] owner, ARGV[2] ttl (ms). Returns 1 when held.</summary>
    internal const string AcquireScript = """
        local holder = redis.call('get', KEYS[1])
        if holder == false or holder == ARGV[1] then
          redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('get', KEYS[1]) == ARGV[1] then
          return redis.call('del', KEYS[1])
        end
        return 0
        """;

    private readonly RedisConnection _redis;

    /// <summary>Leases held as <paramref name="owner"/> for <paramref name="ttl"/>.</summary>
    public RedisSearchLeases(RedisConnection redis, string owner, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.FromMilliseconds(1));
        _redis = redis;
        Owner = owner;
        Ttl = ttl;
    }

    /// <inheritdoc />
    public string Owner { get; }

    /// <inheritdoc />
    public TimeSpan Ttl { get; }

    /// <summary>The lease's time-to-live in milliseconds, as the scripts take it.</summary>
    internal string TtlMilliseconds => ((long)Math.Ceiling(Ttl.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async ValueTask<bool> TryAcquireAsync(string searchId, CancellationToken cancellationToken)
    {
        var database = await RedisDatabase.ConnectedAsync(_redis, cancellationToken).ConfigureAwait(false);
        var held = await database.ScriptEvaluateAsync(AcquireScript, [Key(searchId)], [Owner, TtlMilliseconds]).ConfigureAwait(false);
        return (long)held == 1;
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(string searchId, CancellationToken cancellationToken)
    {
        var database = await RedisDatabase.ConnectedAsync(_redis, cancellationToken).ConfigureAwait(false);
        await database.ScriptEvaluateAsync(ReleaseScript, [Key(searchId)], [Owner]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<string?> HolderAsync(string searchId, CancellationToken cancellationToken)
    {
        var database = await RedisDatabase.ConnectedAsync(_redis, cancellationToken).ConfigureAwait(false);
        var holder = await database.StringGetAsync(Key(searchId)).ConfigureAwait(false);
        return holder.IsNull ? null : holder.ToString();
    }

    /// <summary>The lease key of a search.</summary>
    internal static RedisKey Key(string searchId) => StoreKeys.SearchLease(searchId);
}
