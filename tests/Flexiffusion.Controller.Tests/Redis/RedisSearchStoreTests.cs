using Flexiffusion.Controller.Redis;
using Flexiffusion.Controller.Tests.TestSupport;
using Flexiffusion.Identity;
using Flexiffusion.Orchestration.Persistence;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flexiffusion.Controller.Tests.Redis;

public sealed class RedisSearchStoreTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncDisposable
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private readonly SharedRedis _shared = new(redis);

    [SkippableFact]
    public async Task SaveAsync_UnderItsLease_RecordAndIndexNeverExpire()
    {
        redis.SkipUnlessAvailable();
        var (leases, store) = Controller("ctl-a");
        var database = await _shared.DatabaseAsync();
        // An index left with a time-to-live by an earlier version loses it.
        await database.SetAddAsync(StoreKeys.SearchIndex, "older");
        await database.KeyExpireAsync(StoreKeys.SearchIndex, TimeSpan.FromDays(7));
        await leases.TryAcquireAsync("kept", CancellationToken.None);

        await store.SaveAsync(Record("kept", SearchState.Running), CancellationToken.None);

        Assert.Equal(-1, (long)await database.ExecuteAsync("TTL", StoreKeys.Search("kept")));
        Assert.Equal(-1, (long)await database.ExecuteAsync("TTL", StoreKeys.SearchIndex));
        Assert.Equal(SearchState.Running, (await store.GetAsync("kept", CancellationToken.None))!.State);
        Assert.Contains(await store.ListAsync(CancellationToken.None), r => r.Id == "kept");
    }

    [SkippableFact]
    public async Task SaveAsync_LeaseHeldByAnother_RefusedAndTheRecordUnchanged()
    {
        redis.SkipUnlessAvailable();
        var (leasesA, storeA) = Controller("ctl-a");
        var (_, storeB) = Controller("ctl-b");
        await leasesA.TryAcquireAsync("fenced", CancellationToken.None);
        await storeA.SaveAsync(Record("fenced", SearchState.Running), CancellationToken.None);

        var save = await Assert.ThrowsAsync<SearchLeaseLostException>(() => storeB.SaveAsync(Record("fenced", SearchState.Cancelled), CancellationToken.None).AsTask());
        var delete = await Assert.ThrowsAsync<SearchLeaseLostException>(() => storeB.DeleteAsync("fenced", CancellationToken.None).AsTask());

        Assert.Equal("fenced", save.Id);
        Assert.Equal("fenced", delete.Id);
        Assert.Equal(SearchState.Running, (await storeA.GetAsync("fenced", CancellationToken.None))!.State);
    }

    [SkippableFact]
    public async Task SaveAsync_LeaseVanished_TakesItAgainAndSaves()
    {
        redis.SkipUnlessAvailable();
        var (leases, store) = Controller("ctl-a");
        var database = await _shared.DatabaseAsync();
        await leases.TryAcquireAsync("forgotten", CancellationToken.None);
        // Redis lost the lease (restarted without it): nobody else holds it, so its holder takes it again.
        await database.KeyDeleteAsync(StoreKeys.SearchLease("forgotten"));

        await store.SaveAsync(Record("forgotten", SearchState.Running), CancellationToken.None);

        Assert.Equal("ctl-a", await leases.HolderAsync("forgotten", CancellationToken.None));
        Assert.True(await database.KeyTimeToLiveAsync(StoreKeys.SearchLease("forgotten")) > TimeSpan.Zero);
        Assert.NotNull(await store.GetAsync("forgotten", CancellationToken.None));
    }

    [SkippableFact]
    public async Task DeleteAsync_FreeOrOwnLease_RemovesRecordAndIndexEntry()
    {
        redis.SkipUnlessAvailable();
        var (leases, store) = Controller("ctl-a");
        await leases.TryAcquireAsync("gone", CancellationToken.None);
        await store.SaveAsync(Record("gone", SearchState.Completed), CancellationToken.None);
        await leases.ReleaseAsync("gone", CancellationToken.None);

        await store.DeleteAsync("gone", CancellationToken.None);

        Assert.Null(await store.GetAsync("gone", CancellationToken.None));
        Assert.False(await (await _shared.DatabaseAsync()).SetContainsAsync(StoreKeys.SearchIndex, "gone"));
    }

    [SkippableFact]
    public async Task GetAsync_UnreadableRecord_NullAndListSkipsIt()
    {
        redis.SkipUnlessAvailable();
        var (_, store) = Controller("ctl-a");
        var database = await _shared.DatabaseAsync();
        await database.StringSetAsync(StoreKeys.Search("garbled"), "{not json");
        await database.SetAddAsync(StoreKeys.SearchIndex, "garbled");

        var record = await store.GetAsync("garbled", CancellationToken.None);
        var listed = await store.ListAsync(CancellationToken.None);

        Assert.Null(record);
        Assert.DoesNotContain(listed, r => r.Id == "garbled");
    }

    private (RedisSearchLeases Leases, RedisSearchStore Store) Controller(string owner)
    {
        var connection = _shared.Connect();
        var leases = new RedisSearchLeases(connection, owner, Ttl);
        return (leases, new RedisSearchStore(connection, leases, NullLogger<RedisSearchStore>.Instance));
    }

    private static SearchRecord Record(string id, SearchState state) =>
        new(id, SharedRedis.Spec(1) with { Evaluation = SharedRedis.Spec(1).Evaluation with { Model = Requests.Model.Name } }, Requests.Model, state,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    public ValueTask DisposeAsync() => _shared.DisposeAsync();
}
