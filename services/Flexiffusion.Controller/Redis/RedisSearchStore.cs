using Flexiffusion.Identity;
using Flexiffusion.Orchestration.Persistence;
using Flexiffusion.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Flexiffusion.Controller.Redis;

/// <summary>
/// Search records in Redis: <c>flexiffusion:v1:search:&lt;id&gt;</c> holds a record's JSON (with the
/// engine's snapshot after each generation) and the set <c>flexiffusion:v1:searches</c> indexes the
/// ids; both expire after <see cref="RedisOptions.SearchTtl"/> without updates. When Redis is down
/// calls throw; the manager logs it and keeps the state in memory.
/// </summary>
public sealed class RedisSearchStore(RedisConnection redis, ILogger<RedisSearchStore> logger) : ISearchStore
{
    private static readonly RedisKey Index = StoreKeys.SearchIndex;

    /// <inheritdoc />
    public async ValueTask SaveAsync(SearchRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var database = await RedisDatabase.ConnectedAsync(redis, cancellationToken).ConfigureAwait(false);
        var ttl = redis.Options.SearchTtl;
        var batch = database.CreateBatch();
        var set = batch.StringSetAsync(Key(record.Id), record.ToJson(), ttl);
        var add = batch.SetAddAsync(Index, record.Id);
        var expire = batch.KeyExpireAsync(Index, ttl);
        batch.Execute();
        await Task.WhenAll(set, add, expire).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var database = await RedisDatabase.ConnectedAsync(redis, cancellationToken).ConfigureAwait(false);
        await database.KeyDeleteAsync(Key(id)).ConfigureAwait(false);
        await database.SetRemoveAsync(Index, id).ConfigureAwait(false);
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
        var expired = new List<RedisValue>();
        for (int i = 0; i < ids.Length; i++)
        {
            if (values[i].IsNullOrEmpty)
            {
                expired.Add(ids[i]);
                continue;
            }
            try
            {
                records.Add(SearchRecord.FromJson(values[i]!));
            }
            catch (FormatException e)
            {
                StoreLog.Unreadable(logger, e, (string)ids[i]!);
            }
        }
        if (expired.Count > 0)
            await database.SetRemoveAsync(Index, [.. expired]).ConfigureAwait(false);
        return records;
    }

    private static RedisKey Key(string id) => StoreKeys.Search(id);
}
