using Flexiffusion.Controller.Redis;
using Flexiffusion.Controller.Tests.TestSupport;
using Flexiffusion.Identity;
using Flexiffusion.Testing;

namespace Flexiffusion.Controller.Tests.Redis;

public sealed class RedisSearchLeasesTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncDisposable
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private readonly SharedRedis _shared = new(redis);

    [SkippableFact]
    public async Task TryAcquireAsync_FreeLease_HeldWithTheTtl()
    {
        redis.SkipUnlessAvailable();
        var a = new RedisSearchLeases(_shared.Connect(), "ctl-a", Ttl);

        bool held = await a.TryAcquireAsync("free", CancellationToken.None);
        var database = await _shared.DatabaseAsync();
        var ttl = await database.KeyTimeToLiveAsync(StoreKeys.SearchLease("free"));

        Assert.True(held);
        Assert.Equal("ctl-a", await a.HolderAsync("free", CancellationToken.None));
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(1), Ttl);
    }

    [SkippableFact]
    public async Task TryAcquireAsync_HeldByAnother_RefusedAndLeftAlone()
    {
        redis.SkipUnlessAvailable();
        var a = new RedisSearchLeases(_shared.Connect(), "ctl-a", Ttl);
        var b = new RedisSearchLeases(_shared.Connect(), "ctl-b", Ttl);
        await a.TryAcquireAsync("contested", CancellationToken.None);

        bool taken = await b.TryAcquireAsync("contested", CancellationToken.None);
        await b.ReleaseAsync("contested", CancellationToken.None);
        bool renewed = await a.TryAcquireAsync("contested", CancellationToken.None);

        Assert.False(taken);
        Assert.True(renewed);
        Assert.Equal("ctl-a", await b.HolderAsync("contested", CancellationToken.None));
    }

    [SkippableFact]
    public async Task ReleaseAsync_ByItsHolder_AnotherTakesItAtOnce()
    {
        redis.SkipUnlessAvailable();
        var a = new RedisSearchLeases(_shared.Connect(), "ctl-a", Ttl);
        var b = new RedisSearchLeases(_shared.Connect(), "ctl-b", Ttl);
        await a.TryAcquireAsync("handed", CancellationToken.None);

        await a.ReleaseAsync("handed", CancellationToken.None);
        bool taken = await b.TryAcquireAsync("handed", CancellationToken.None);

        Assert.True(taken);
        Assert.Equal("ctl-b", await a.HolderAsync("handed", CancellationToken.None));
    }

    [SkippableFact]
    public async Task TryAcquireAsync_LeaseExpired_AnotherTakesIt()
    {
        redis.SkipUnlessAvailable();
        var a = new RedisSearchLeases(_shared.Connect(), "ctl-a", TimeSpan.FromMilliseconds(300));
        var b = new RedisSearchLeases(_shared.Connect(), "ctl-b", Ttl);
        await a.TryAcquireAsync("expiring", CancellationToken.None);

        await Patience.UntilAsync(async () => await a.HolderAsync("expiring", CancellationToken.None) is null, "the lease expired");
        bool taken = await b.TryAcquireAsync("expiring", CancellationToken.None);

        Assert.True(taken);
    }

    public ValueTask DisposeAsync() => _shared.DisposeAsync();
}
