using Flexiffusion.Evaluator.Caching;
using Flexiffusion.Evaluator.Tests.TestSupport;
using Flexiffusion.Identity;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Flexiffusion.Evaluator.Tests.Hosting;

public sealed class SharedRedisTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static Dictionary<string, string?> Using(string redisConfiguration, string id) => new()
    {
        ["Redis:Configuration"] = redisConfiguration,
        ["Evaluator:Id"] = id,
    };

    /// <summary>The host's Redis teacher cache, behind a rendezvous on its first miss.</summary>
    private static Action<IServiceCollection> MeetingAt(Rendezvous rendezvous) => services =>
        services.AddSingleton<IBlobCache>(sp => new RendezvousBlobCache(ActivatorUtilities.CreateInstance<RedisBlobCache>(sp), rendezvous));

    [SkippableFact]
    public async Task TwoEvaluatorsSharingRedis_ComputeEachTeacherOnce()
    {
        redis.SkipUnlessAvailable();
        // Both replicas find the teacher missing before either computes it: they overlap, and only the lock keeps one of them waiting.
        var bothMissed = new Rendezvous(parties: 2);
        await using var a = await TestEvaluator.StartAsync(Using(redis.Configuration, "replica-a"), MeetingAt(bothMissed));
        await using var b = await TestEvaluator.StartAsync(Using(redis.Configuration, "replica-b"), MeetingAt(bothMissed));
        var settings = TestEvaluator.Settings(teacherSteps: 20, images: 32, batchSize: 32);

        var results = await Task.WhenAll(
            a.Client.EvaluateCandidateAsync(TestEvaluator.Request("4: 1:5x4", settings)).ResponseAsync,
            b.Client.EvaluateCandidateAsync(TestEvaluator.Request("4: 1:5x4", settings)).ResponseAsync);

        Assert.Equal(2, bothMissed.Arrived);
        Assert.Equal(1, a.Scorer.TeacherComputations + b.Scorer.TeacherComputations);
        Assert.Equal(1, a.Scorer.TeacherCacheHits + b.Scorer.TeacherCacheHits);
        Assert.Equal(results[0].Score.Rfid, results[1].Score.Rfid);
        Assert.Equal(["replica-a", "replica-b"], results.Select(r => r.Score.EvaluatorId));
    }

    [SkippableFact]
    public async Task Evaluate_WithRedis_EveryKeyItWritesExpires()
    {
        using var fresh = new RedisServer();
        fresh.SkipUnlessAvailable();
        await using (var host = await TestEvaluator.StartAsync(Using(fresh.Configuration, "alone")))
            await host.Client.EvaluateCandidateAsync(TestEvaluator.Request("2: 0:5x2"));
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fresh.Configuration);
        var keys = new List<string>();
        await foreach (var key in connection.GetServers()[0].KeysAsync(pattern: "*"))
            keys.Add(key!);
        var ttls = new Dictionary<string, long>();
        foreach (string key in keys)
            ttls[key] = (long)await connection.GetDatabase().ExecuteAsync("TTL", key);

        Assert.Contains(keys, k => k.StartsWith(StoreKeys.Prefix + "teacher-features:", StringComparison.Ordinal));
        Assert.All(keys, k => Assert.True(ttls[k] > 0, $"{k} expires (TTL {ttls[k]})"));
    }

    [Fact]
    public async Task RedisConfiguredButStopped_EvaluationsStillSucceed()
    {
        using var stopped = new RedisServer();
        stopped.Stop();
        string configuration = stopped.Available ? stopped.Configuration : $"127.0.0.1:{FreePort.Next()}";
        await using var host = await TestEvaluator.StartAsync(Using(configuration, "alone"));

        var first = await host.Client.EvaluateCandidateAsync(TestEvaluator.Request("2: 0:5x2"));
        var second = await host.Client.EvaluateCandidateAsync(TestEvaluator.Request("5: Fx5"));

        Assert.True(first.Score.Rfid > 0 && second.Score.Rfid > 0);
        Assert.Equal(1, host.Scorer.TeacherComputations);
    }
}
