using System.Collections.Concurrent;
using Flexiffusion.Identity;
using Flexiffusion.Orchestration.Persistence;
using Flexiffusion.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Flexiffusion.Controller.Redis;

/// <summary>
/// Search records in Redis: <c>flexiffusion:v1:search:&lt;id&gt;</c> holds a record's JSON (with the engine's snapshot
/// after each generation) and the set <c>flexiffusion:v1:searches</c> indexes the ids. Neither has a time-to-live: a
/// record stays until the controller deletes it (<c>Controller:MaxFinishedSearches</c>), and Redis run with
/// <c>maxmemory-policy volatile-lru</c> never evicts it. Writes are fenced by the search's lease
/// (<see cref="RedisSearchLeases"/>): a script writes only while this controller holds it, else
/// <see cref="SearchLeaseLostException"/>. When Redis is down calls throw; the manager logs it and keeps the state in memory.
/// </summary>
public sealed class RedisSearchStore(RedisConnection redis, RedisSearchLeases leases, ILogger<RedisSearchStore> logger) : ISearchStore
{
    /// <summary>
    /// Saves a record while ours: KEYS[1] record, KEYS[2] index, KEYS[3] lease; ARGV[1] JSON, ARGV[2] id, ARGV[3] owner,
    /// ARGV[4] lease ttl (ms). A lease that vanished (Redis lost it) is taken again. Returns 0 when another holds the lease.
    /// </summary>
    private const string SaveScript = """
        local holder = redis.call('get', KEYS[3])
        if holder == false then
          redis.call('set', KEYS[3], ARGV[3], 'PX', ARGV[4])
        elseif holder ~= ARGV[3] then
          return 0
        end
        redis.call('set', KEYS[1], ARGV[1])
        redis.call('sadd', KEYS[2], ARGV[2])
        redis.call('persist', KEYS[2])
        return 1
        """;

    /// <summary>Deletes a record unless another holds its lease: KEYS as for saving; ARGV[1] id, ARGV[2] owner.</summary>
    private const string DeleteScript = """
        local holder = redis.call('get', KEYS[3])
        if holder ~= false and holder ~= ARGV[2] then
          return 0
        end
        redis.call('del', KEYS[1])
        redis.call('srem', KEYS[2], ARGV[1])
        return 1
        """;

    private static readonly RedisKey Index = StoreKeys.SearchIndex;

    // Unreadable records already logged (by id and content), so a periodic recovery logs each once.
    private readonly ConcurrentDictionary<(string, int), bool> _reported = new();

    /// <inheritdoc />
    public async ValueTask SaveAsync(SearchRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var database = await RedisDatabase.ConnectedAsync(redis, cancellationToken).ConfigureAwait(false);
        var saved = await database.ScriptEvaluateAsync(SaveScript, [Key(record.Id), Index, RedisSearchLeases.Key(record.Id)],
            [record.ToJson(), record.Id, leases.Owner, leases.TtlMilliseconds]).ConfigureAwait(false);
        if ((long)saved != 1)
            throw new SearchLeaseLostException(record.Id);
    }

    /// <inheritdoc />
    public async ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var database = await RedisDatabase.ConnectedAsync(redis, cancellationToken).ConfigureAwait(false);
        var deleted = await database.ScriptEvaluateAsync(DeleteScript, [Key(id), Index, RedisSearchLeases.Key(id)], [id, leases.Owner]).ConfigureAwait(false);
        if ((long)deleted != 1)
            throw new SearchLeaseLostException(id);
    }

    /// <inheritdoc />
    public async ValueTask<SearchRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var database = await RedisDatabase.ConnectedAsync(redis, cancellationToken).ConfigureAwait(false);
        var value = await database.StringGetAsync(Key(id)).ConfigureAwait(false);
        return value.IsNullOrEmpty ? null : Read(id, value!);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SearchRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var database = await RedisDatabase.ConnectedAsync(redis, cancellationToken).ConfigureAwait(false);
        var ids = await database.SetMembersAsync(Index).ConfigureAwait(false);
        if (ids.Length == 0)
            return [];
        var values = await database.StringGetAsync([.. ids.Select(id => Key(id!))]).ConfigureAwait(false);
        var records = new List<SearchRecord>(ids.Length);
        var gone = new List<RedisValue>();
        for (int i = 0; i < ids.Length; i++)
        {
            if (values[i].IsNullOrEmpty)
                gone.Add(ids[i]);
            else if (Read(ids[i]!, values[i]!) is { } record)
                records.Add(record);
        }
        if (gone.Count > 0)
            await database.SetRemoveAsync(Index, [.. gone]).ConfigureAwait(false);
        return records;
    }

    private SearchRecord? Read(string id, string json)
    {
        try
        {
            return SearchRecord.FromJson(json);
        }
        catch (FormatException e)
        {
            if (_reported.TryAdd((id, StringComparer.Ordinal.GetHashCode(json)), true))
                StoreLog.Unreadable(logger, e, id);
            return null;
        }
    }

    private static RedisKey Key(string id) => StoreKeys.Search(id);
}
