using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Controller.Tests.TestSupport;
using Flexiffusion.Identity;
using Flexiffusion.Testing;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Flexiffusion.Controller.Tests.Redis;

/// <summary>Real controller hosts over a real redis-server each test starts for itself: durable records, leases, the start-up warning.</summary>
public sealed class SharedRedisControllerTests
{
    [SkippableFact]
    public async Task Search_OverRedis_RecordsNeverExpireCacheEntriesDoAndNoLeaseIsLeft()
    {
        using var redis = new RedisServer();
        redis.SkipUnlessAvailable();
        await using var evaluator = await SyntheticEvaluatorServer.StartAsync("eval-a");
        await using (var controller = await TestController.StartAsync([evaluator.Address], redis.Configuration))
        {
            await controller.Client.CreateSearchAsync(Requests.Small("durable", seed: 41));
            var updates = await controller.WatchAsync("durable");
            Assert.Equal(SearchUpdate.KindOneofCase.Result, updates[^1].KindCase);
        }
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var database = connection.GetDatabase();
        var keys = new List<string>();
        await foreach (var key in connection.GetServers()[0].KeysAsync(pattern: StoreKeys.Prefix + "*"))
            keys.Add(key!);
        var ttls = new Dictionary<string, long>();
        foreach (string key in keys)
            ttls[key] = (long)await database.ExecuteAsync("TTL", key);

        var records = keys.Where(k => k.StartsWith(StoreKeys.Prefix + "search:", StringComparison.Ordinal) || k == StoreKeys.SearchIndex).ToList();
        var candidates = keys.Where(k => k.StartsWith(StoreKeys.Prefix + "candidate:", StringComparison.Ordinal)).ToList();
        Assert.Equal([StoreKeys.Search("durable"), StoreKeys.SearchIndex], records.Order(StringComparer.Ordinal));
        Assert.All(records, k => Assert.Equal(-1, ttls[k]));
        Assert.NotEmpty(candidates);
        Assert.All(candidates, k => Assert.True(ttls[k] > 0, $"{k} expires"));
        Assert.Equal(records.Count + candidates.Count, keys.Count);
    }

    [SkippableFact]
    public async Task Start_RedisThatMayEvictRecords_WarnsOnce()
    {
        using var redis = new RedisServer();
        redis.SkipUnlessAvailable();
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true"))
            await admin.GetServers()[0].ConfigSetAsync("maxmemory-policy", "allkeys-lru");
        var logs = new LogCapture();
        await using var evaluator = await SyntheticEvaluatorServer.StartAsync("eval-a");

        await using (var controller = await TestController.StartAsync([evaluator.Address], redis.Configuration, configure: b => b.Logging.AddProvider(logs)))
            await Patience.UntilAsync(() => logs.Warnings.Any(w => w.Contains("maxmemory-policy is allkeys-lru", StringComparison.Ordinal)), "the controller warned");

        Assert.Single(logs.Warnings, w => w.Contains("maxmemory-policy is allkeys-lru", StringComparison.Ordinal));
        Assert.Single(logs.Warnings, w => w.Contains("use appendonly yes", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task TwoControllers_SearchOnA_ShownOnBAndTakenOverByBWhenAStops()
    {
        using var redis = new RedisServer();
        redis.SkipUnlessAvailable();
        var request = Requests.Small("handover", seed: 42);
        var expected = await Requests.ReferenceAsync(request);
        await using var evaluator = await SyntheticEvaluatorServer.StartAsync("eval-a");
        string[] settings = ["--Controller:LeaseTtl=00:00:02", "--Controller:RecoveryInterval=00:00:00.100"];
        var a = await TestController.StartAsync([evaluator.Address], redis.Configuration, [.. settings, "--Controller:InstanceId=ctl-a"]);
        await using var b = await TestController.StartAsync([evaluator.Address], redis.Configuration, [.. settings, "--Controller:InstanceId=ctl-b"]);
        evaluator.Gate.Hold();
        await a.Client.CreateSearchAsync(request);

        Contracts.Controller.V1.Search? shown = null;
        await Patience.UntilAsync(async () =>
        {
            try
            {
                shown = await b.Client.GetSearchAsync(new GetSearchRequest { Name = "searches/handover" });
                return true;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return false;
            }
        }, "B shows the search");
        var cancel = await Assert.ThrowsAsync<RpcException>(() => b.Client.CancelSearchAsync(new CancelSearchRequest { Name = "searches/handover" }).ResponseAsync);
        await a.DisposeAsync();
        evaluator.Gate.Open();
        await Patience.UntilAsync(async () => (await b.Client.GetSearchAsync(new GetSearchRequest { Name = "searches/handover" })).State == SearchState.Completed,
            "B finished the search");
        var done = await b.Client.GetSearchAsync(new GetSearchRequest { Name = "searches/handover" });

        Assert.Contains(shown!.Warnings, w => w.Contains("runs on controller 'ctl-a'", StringComparison.Ordinal));
        Assert.Equal(StatusCode.FailedPrecondition, cancel.StatusCode);
        Assert.Contains("ctl-a", cancel.Status.Detail, StringComparison.Ordinal);
        Requests.AssertSame(expected, done.Result);
        Assert.Empty(done.Warnings);
    }
}
