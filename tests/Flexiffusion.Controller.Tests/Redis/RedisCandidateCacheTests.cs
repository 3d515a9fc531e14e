using Flexiffusion.Controller.Redis;
using Flexiffusion.Identity;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;
using Flexiffusion.ServiceDefaults.Redis;
using Flexiffusion.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Flexiffusion.Controller.Tests.Redis;

/// <summary>Candidate scores in a real redis-server: every detail an evaluator returned comes back.</summary>
public sealed class RedisCandidateCacheTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [SkippableFact]
    public async Task SetThenGet_RoundTripsScoreDetailsAndBootstrapReplicates_PerIdentity()
    {
        redis.SkipUnlessAvailable();
        await using var connection = new RedisConnection(Options.Create(new RedisOptions { Configuration = redis.Configuration }), NullLogger<RedisConnection>.Instance);
        var provider = new RedisCandidateCache(connection, NullLogger<RedisCandidateCache>.Instance);
        var identity = new EvaluationIdentity("sha256:" + Guid.NewGuid(), "ddim(eta=0)", 10, "uniform", "linear", 0, 8, 8, "sha256:f", "skip", "cpu");
        var cache = provider.For(identity);
        var withReplicates = Candidate.Parse("2: 0:5x2", 10);
        var plain = Candidate.Parse("10: Fx10", 10);
        var stored = new CandidateEvaluation(withReplicates, 1.25)
        {
            Kid = 0.5, EvaluatorId = "eval-a", ImagesPerSecond = 12.5, Duration = TimeSpan.FromMilliseconds(1500), RfidBootstrap = [1.1, 1.3, 0.1 + 0.2],
        };

        await cache.SetAsync(stored, CancellationToken.None);
        await cache.SetAsync(new CandidateEvaluation(plain, 0), CancellationToken.None);
        var found = await cache.GetManyAsync([withReplicates, plain], CancellationToken.None);
        var elsewhere = await provider.For(identity with { NoiseSeed = 1 }).GetManyAsync([withReplicates], CancellationToken.None);

        var hit = found[withReplicates];
        Assert.Equal((stored.Score, stored.Kid, stored.EvaluatorId, stored.ImagesPerSecond, stored.Duration), (hit.Score, hit.Kid, hit.EvaluatorId, hit.ImagesPerSecond, hit.Duration));
        Assert.Equal(stored.RfidBootstrap, hit.RfidBootstrap);
        Assert.Empty(found[plain].RfidBootstrap);
        Assert.Empty(elsewhere);
    }

    [SkippableFact]
    public async Task GetMany_UnreadableOrForeignEntries_AreMissesAndTheOthersStillHits()
    {
        redis.SkipUnlessAvailable();
        await using var connection = new RedisConnection(Options.Create(new RedisOptions { Configuration = redis.Configuration }), NullLogger<RedisConnection>.Instance);
        var identity = new EvaluationIdentity("sha256:" + Guid.NewGuid(), "ddim(eta=0)", 10, "uniform", "linear", 0, 8, 8, "sha256:f", "skip", "cpu");
        var cache = new RedisCandidateCache(connection, NullLogger<RedisCandidateCache>.Instance).For(identity);
        string[] corrupt = ["not json", "{}", """{"candidate":null,"score":null}""", """{"candidate":"10: Fx10","sc""", """{"candidate":"10: Fx10","score":0}"""];
        var candidates = new[] { "2: 0:5x2", "2: 1:5x2", "2: 2:5x2", "2: 3:5x2", "2: 0:5 F" }.Select(t => Candidate.Parse(t, 10)).ToList();
        var good = Candidate.Parse("2: F 1:5", 10);
        var database = (await connection.DatabaseAsync(CancellationToken.None))!;
        for (int i = 0; i < candidates.Count; i++)
            await database.StringSetAsync(StoreKeys.Candidate(identity, candidates[i].ToString()), corrupt[i]);
        await cache.SetAsync(new CandidateEvaluation(good, 3.5), CancellationToken.None);

        var found = await cache.GetManyAsync([.. candidates, good], CancellationToken.None);

        Assert.Equal(3.5, Assert.Single(found, f => f.Key == good).Value.Score);
        Assert.Single(found);
    }

    [SkippableFact]
    public async Task SetAsync_Score_ExpiresAfterTheEntryTtl()
    {
        redis.SkipUnlessAvailable();
        await using var connection = new RedisConnection(Options.Create(new RedisOptions { Configuration = redis.Configuration, EntryTtl = TimeSpan.FromHours(2) }),
            NullLogger<RedisConnection>.Instance);
        var identity = new EvaluationIdentity("sha256:" + Guid.NewGuid(), "ddim(eta=0)", 10, "uniform", "linear", 0, 8, 8, "sha256:f", "skip", "cpu");
        var candidate = Candidate.Parse("10: Fx10", 10);

        await new RedisCandidateCache(connection, NullLogger<RedisCandidateCache>.Instance).For(identity).SetAsync(new CandidateEvaluation(candidate, 1), CancellationToken.None);
        var ttl = await (await connection.DatabaseAsync(CancellationToken.None))!.KeyTimeToLiveAsync(StoreKeys.Candidate(identity, candidate.ToString()));

        Assert.InRange(ttl!.Value, TimeSpan.FromHours(1.9), TimeSpan.FromHours(2));
    }

    [Fact]
    public void RedisConnection_EntryTtlNotPositive_RefusedSoThatEveryCacheEntryExpires()
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisConnection(
            Options.Create(new RedisOptions { Configuration = "127.0.0.1:1", EntryTtl = TimeSpan.Zero }), NullLogger<RedisConnection>.Instance));

        Assert.Contains("Redis:EntryTtl: must be > 0", error.Message, StringComparison.Ordinal);
    }
}
