using Flexiffusion.Evaluator.Caching;
using Flexiffusion.Identity;
using Flexiffusion.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using RedisTest = Flexiffusion.Evaluator.Tests.TestSupport.Redis;

namespace Flexiffusion.Evaluator.Tests.Caching;

public sealed class RedisBlobCacheTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [SkippableFact]
    public async Task SetThenGet_RoundTripsUnderTheEntryTtl()
    {
        redis.SkipUnlessAvailable();
        await using var connection = RedisTest.Connect(redis.Configuration, TimeSpan.FromHours(1));
        var cache = new RedisBlobCache(connection, NullLogger<RedisBlobCache>.Instance);
        string key = StoreKeys.Search("test-blob-" + Guid.NewGuid());
        byte[] value = [1, 2, 3, 0, 255];

        var missing = await cache.GetAsync(key);
        await cache.SetAsync(key, value);
        var found = await cache.GetAsync(key);
        var ttl = await (await connection.DatabaseAsync(CancellationToken.None))!.KeyTimeToLiveAsync(key);

        Assert.Null(missing);
        Assert.Equal(value, found);
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task GetAndSet_RedisUnreachable_MissAndSkipWithoutThrowing()
    {
        await using var connection = RedisTest.Connect($"127.0.0.1:{FreePort.Next()}");
        var cache = new RedisBlobCache(connection, NullLogger<RedisBlobCache>.Instance);

        await cache.SetAsync("k", [1]).AsTask().WaitAsync(Patience.Limit);
        var value = await cache.GetAsync("k").AsTask().WaitAsync(Patience.Limit);

        Assert.Null(value);
    }
}
