using System.Text.Json;
using Flexiffusion.Integration.Tests.TestSupport;
using Flexiffusion.Testing;

namespace Flexiffusion.Integration.Tests;

/// <summary>
/// The whole system on loopback: a controller, two evaluators and a real Redis, driven by the
/// command line exactly as a user would, against the embedded default.
/// </summary>
public sealed class DistributedSearchTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flexiffusion-integration-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>One small search: 8 teacher steps, 6 images, 3 generations on the tiny model.</summary>
    private static string[] Search(params string[] extra) =>
    [
        "search", "--steps", "8", "--images", "6", "--batch-size", "6", "--seed", "4", "--generations", "3", "--population", "6",
        "--parents", "3", "--mutations", "3", "--crossovers", "2", "--speedup", "2", "--search-seed", "7", "--json", .. extra,
    ];

    private static (string Best, string Front) Outcome(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return (root.GetProperty("best").GetRawText(), root.GetProperty("front").GetRawText());
    }

    [SkippableFact]
    public async Task Search_ControllerTwoEvaluatorsAndRedis_EqualsEmbeddedAndRerunEvaluatesNothing()
    {
        redis.SkipUnlessAvailable();
        await using var cluster = await Cluster.StartAsync(evaluators: 2, redis.Configuration);

        var embedded = await CliRunner.RunAsync(Search("--config", Cluster.TinyConfig, "--random-weights", "--init-seed", "3",
            "--features", RepositoryPaths.FeatureNetwork, "--cache-dir", Path.Combine(_dir, "cache")));
        var distributed = await CliRunner.RunAsync(Search("--controller", cluster.ControllerAddress, "--id", "first"));
        var rerun = await CliRunner.RunAsync(Search("--controller", cluster.ControllerAddress, "--id", "second"));

        Assert.True(embedded.ExitCode == 0, embedded.Error);
        Assert.True(distributed.ExitCode == 0, distributed.Error);
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.Equal(Outcome(embedded.Output), Outcome(distributed.Output));
        Assert.Equal(Outcome(distributed.Output), Outcome(rerun.Output));
        using var first = JsonDocument.Parse(distributed.Output);
        using var second = JsonDocument.Parse(rerun.Output);
        int scored = first.RootElement.GetProperty("scored").GetInt32();
        Assert.Equal(scored, first.RootElement.GetProperty("evaluations").GetInt32());
        Assert.Equal(0, second.RootElement.GetProperty("evaluations").GetInt32());
        Assert.Equal(scored, second.RootElement.GetProperty("cacheHits").GetInt32());
        // Once for the search's noise and once for the finalists' fresh noise, between the two evaluators.
        Assert.Equal(2, cluster.TeacherComputations);
    }
}
