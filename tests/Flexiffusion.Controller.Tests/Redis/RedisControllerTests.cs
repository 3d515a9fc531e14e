using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Controller.Tests.TestSupport;
using Flexiffusion.Testing;

namespace Flexiffusion.Controller.Tests.Redis;

/// <summary>The controller over a real redis-server: shared candidate cache, persisted searches, and Redis failing.</summary>
public sealed class RedisControllerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [SkippableFact]
    public async Task StartSearch_SameSearchAgain_TakesEveryScoreFromTheCache()
    {
        redis.SkipUnlessAvailable();
        await using var evaluator = await SyntheticEvaluatorServer.StartAsync("eval-a");
        await using var controller = await TestController.StartAsync([evaluator.Address], redis.Configuration);
        await controller.Client.CreateSearchAsync(Isolated(Requests.Small("cache-first", seed: 21), 21));
        var first = (await controller.WatchAsync("cache-first"))[^1].Result;
        int evaluated = evaluator.Received.Count;

        await controller.Client.CreateSearchAsync(Isolated(Requests.Small("cache-second", seed: 21), 21));
        var second = (await controller.WatchAsync("cache-second"))[^1].Result;

        Assert.Equal(first.Scored, first.Evaluations);
        Assert.Equal(0, second.Evaluations);
        Assert.Equal(second.Scored, second.CacheHits);
        Assert.Equal(evaluated, evaluator.Received.Count);
        Assert.Equal(first.Best, second.Best);
    }

    [SkippableFact]
    public async Task Restart_SearchRunningWhenTheControllerStopped_NewControllerResumesItFromItsSnapshot()
    {
        redis.SkipUnlessAvailable();
        var request = Isolated(Requests.Small("phoenix", seed: 22), 22);
        var expected = await Requests.ReferenceAsync(request);
        await using var evaluator = await SyntheticEvaluatorServer.StartAsync("eval-a");
        var first = await TestController.StartAsync([evaluator.Address], redis.Configuration);
        evaluator.Gate.Hold();
        await first.Client.CreateSearchAsync(request);
        await first.WatchAsync("phoenix", update =>
        {
            if (update.KindCase == SearchUpdate.KindOneofCase.Generation && update.Generation.Generation == 1)
            {
                evaluator.Gate.Hold();
                throw new OperationCanceledException("seen enough");
            }
            return Task.CompletedTask;
        }, evaluator.Gate).ContinueWith(_ => { }, TaskScheduler.Default);

        await first.DisposeAsync();
        evaluator.Gate.Open();
        int before = evaluator.Answered.Count;
        await using var second = await TestController.StartAsync([evaluator.Address], redis.Configuration);
        var updates = await second.WatchAsync("phoenix");

        var result = updates[^1].Result;
        Requests.AssertSame(expected, result);
        Assert.True(result.Evaluations + result.CacheHits < result.Scored, "the resumed run scores only the generations after the snapshot");
        Assert.True(evaluator.Answered.Count - before < expected.History.Count);
        var status = await second.Client.GetSearchAsync(new GetSearchRequest { Name = "searches/phoenix" });
        Assert.Equal(SearchState.Completed, status.State);
    }

    [SkippableFact]
    public async Task RedisStoppedMidSearch_SearchCompletesWithAWarning()
    {
        using var doomed = new RedisServer();
        doomed.SkipUnlessAvailable();
        var request = Isolated(Requests.Small("weathered", seed: 23), 23);
        var expected = await Requests.ReferenceAsync(request);
        await using var evaluator = await SyntheticEvaluatorServer.StartAsync("eval-a");
        await using var controller = await TestController.StartAsync([evaluator.Address], doomed.Configuration);

        evaluator.Gate.Hold();
        await controller.Client.CreateSearchAsync(request);
        var updates = await controller.WatchAsync("weathered", update =>
        {
            if (update.KindCase == SearchUpdate.KindOneofCase.Generation && update.Generation.Generation == 0)
            {
                evaluator.Gate.Hold();
                doomed.Stop();
                evaluator.Gate.Open();
            }
            return Task.CompletedTask;
        }, evaluator.Gate);

        Requests.AssertSame(expected, updates[^1].Result);
        var status = await controller.Client.GetSearchAsync(new GetSearchRequest { Name = "searches/weathered" });
        Assert.Equal(SearchState.Completed, status.State);
        var warning = Assert.Single(status.Warnings);
        Assert.StartsWith("candidate cache unavailable: ", warning, StringComparison.Ordinal);
        Assert.EndsWith("; continuing without it", warning, StringComparison.Ordinal);
        Assert.Contains(updates, u => u.KindCase == SearchUpdate.KindOneofCase.Search && u.Search.Warnings.Count == 1);
    }

    /// <summary>Tests share one Redis: a noise seed of their own gives each its own evaluation identity, hence its own cache.</summary>
    private static CreateSearchRequest Isolated(CreateSearchRequest request, long noiseSeed)
    {
        request.Search.Spec.Evaluation.NoiseSeed = noiseSeed;
        return request;
    }
}
