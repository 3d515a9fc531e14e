using Flexiffusion.Controller.Redis;
using Flexiffusion.Testing;
using StackExchange.Redis;

namespace Flexiffusion.Controller.Tests.Redis;

public sealed class RedisDurabilityCheckTests
{
    [SkippableFact]
    public async Task RisksAsync_AllKeysLruWithoutPersistence_NamesBoth()
    {
        using var redis = new RedisServer();
        redis.SkipUnlessAvailable();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        var database = connection.GetDatabase();
        await database.ExecuteAsync("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");

        var risks = await RedisDurabilityCheck.RisksAsync(connection.GetServers()[0]);

        Assert.Equal(2, risks.Count);
        Assert.Contains("maxmemory-policy is allkeys-lru", risks[0], StringComparison.Ordinal);
        Assert.Contains("use volatile-lru", risks[0], StringComparison.Ordinal);
        Assert.Contains("use appendonly yes", risks[1], StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RisksAsync_VolatileLruWithSnapshots_None()
    {
        using var redis = new RedisServer();
        redis.SkipUnlessAvailable();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        var database = connection.GetDatabase();
        await database.ExecuteAsync("CONFIG", "SET", "maxmemory-policy", "volatile-lru");
        await database.ExecuteAsync("CONFIG", "SET", "save", "3600 1");

        var risks = await RedisDurabilityCheck.RisksAsync(connection.GetServers()[0]);

        Assert.Empty(risks);
    }

    [SkippableFact]
    public async Task RisksAsync_ConfigRefusedToTheUser_NoneAndNoError()
    {
        using var redis = new RedisServer();
        redis.SkipUnlessAvailable();
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true"))
        {
            var database = admin.GetDatabase();
            await database.ExecuteAsync("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
            await database.ExecuteAsync("ACL", "SETUSER", "searcher", "on", ">secret", "~*", "&*", "+@all", "-config");
        }
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"{redis.Configuration},user=searcher,password=secret,allowAdmin=true");

        var risks = await RedisDurabilityCheck.RisksAsync(connection.GetServers()[0]);

        Assert.Empty(risks);
    }
}
