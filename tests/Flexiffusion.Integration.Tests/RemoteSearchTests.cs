using System.Text.Json;
using Flexiffusion.Cli;
using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Integration.Tests.TestSupport;
using Flexiffusion.Testing;
using Grpc.Core;

namespace Flexiffusion.Integration.Tests;

/// <summary><c>search --controller</c> interrupted by Ctrl+C (the command line's cancellation token), against a real controller and evaluator.</summary>
public sealed class RemoteSearchTests
{
    /// <summary>A search far longer than the tests let it run: 200 generations over a 20-step teacher.</summary>
    private static string[] Search(string controller, string id, params string[] extra) =>
    [
        "search", "--controller", controller, "--id", id, "--steps", "20", "--images", "6", "--batch-size", "6", "--seed", "4", "--generations", "200",
        "--population", "6", "--parents", "3", "--mutations", "3", "--crossovers", "2", "--speedup", "2", "--search-seed", "7", .. extra,
    ];

    [Fact]
    public async Task Search_CtrlC_CancelsTheSearchOnTheControllerAndTheSameCommandContinuesIt()
    {
        await using var cluster = await Cluster.StartAsync(evaluators: 1, redis: null);

        var first = await RunUntilScoredAsync(cluster, Search(cluster.ControllerAddress, "interrupted"), "interrupted", atLeast: 1);
        var cancelled = await GetAsync(cluster, "interrupted");
        var second = await RunUntilScoredAsync(cluster, Search(cluster.ControllerAddress, "interrupted"), "interrupted", atLeast: cancelled.Scored + 1);
        var again = await GetAsync(cluster, "interrupted");

        Assert.Equal(ExitCodes.Cancelled, first.ExitCode);
        Assert.Contains("flexiffusion: cancelled search 'interrupted' on the controller (resume with the same command", first.Error, StringComparison.Ordinal);
        Assert.Equal(SearchState.Cancelled, cancelled.State);
        Assert.Equal(ExitCodes.Cancelled, second.ExitCode);
        Assert.Contains("flexiffusion: continuing search 'interrupted' from generation", second.Error, StringComparison.Ordinal);
        Assert.Equal(SearchState.Cancelled, again.State);
        Assert.True(again.Scored > cancelled.Scored, $"the search continued ({cancelled.Scored} then {again.Scored} scored)");
    }

    [Fact]
    public async Task Search_CtrlCWithDetach_LeavesTheSearchRunningOnTheController()
    {
        await using var cluster = await Cluster.StartAsync(evaluators: 1, redis: null);

        var run = await RunUntilScoredAsync(cluster, Search(cluster.ControllerAddress, "detached", "--detach"), "detached", atLeast: 1);
        var status = await GetAsync(cluster, "detached");
        await Patience.UntilAsync(async () => (await GetAsync(cluster, "detached")).Scored > status.Scored, "the detached search went on");
        await cluster.Client.CancelSearchAsync(new CancelSearchRequest { Name = "searches/detached" }, deadline: DateTime.UtcNow + Patience.Limit);

        Assert.Equal(ExitCodes.Cancelled, run.ExitCode);
        Assert.Contains("flexiffusion: detached: search 'detached' keeps running on the controller (re-attach with the same command, --id detached)", run.Error,
            StringComparison.Ordinal);
        Assert.Equal(SearchState.Running, status.State);
    }

    [Fact]
    public async Task Search_OnlyEvaluatorStopsMidSearch_PrintsTheWaitAndTheResumeAndEndsLikeTheEmbeddedSearch()
    {
        string[] options = ["--steps", "16", "--images", "6", "--batch-size", "6", "--seed", "4", "--generations", "5", "--population", "6", "--parents", "3",
            "--mutations", "3", "--crossovers", "2", "--speedup", "2", "--search-seed", "7", "--json"];
        string cache = Directory.CreateTempSubdirectory("flexiffusion-outage-").FullName;
        try
        {
            await using var cluster = await Cluster.StartAsync(evaluators: 1, redis: null);
            var embedded = await CliRunner.RunAsync(["search", "--config", Cluster.TinyConfig, "--random-weights", "--init-seed", "3",
                "--features", RepositoryPaths.FeatureNetwork, "--cache-dir", cache, .. options]);

            var run = CliRunner.RunAsync(["search", "--controller", cluster.ControllerAddress, "--id", "outage", .. options]);
            await Patience.UntilAsync(async () => run.IsCompleted || await ScoredAsync(cluster, "outage") >= 1, "the remote search scored a candidate");
            await cluster.StopEvaluatorAsync(0);
            await Patience.UntilAsync(async () => run.IsCompleted || (await GetAsync(cluster, "outage")).Waiting.Length > 0, "the search said it waits");
            var during = await GetAsync(cluster, "outage");
            await cluster.RestartEvaluatorAsync(0);
            var remote = await run.WaitAsync(Patience.Limit);

            Assert.True(embedded.ExitCode == 0, embedded.Error);
            Assert.True(remote.ExitCode == 0, remote.Error);
            Assert.Equal(SearchState.Running, during.State);
            var lines = remote.Error.Split('\n', StringSplitOptions.TrimEntries);
            Assert.Single(lines, l => l == $"flexiffusion: waiting for an evaluator serving model 'tiny': none connected (evaluators: {cluster.EvaluatorAddresses[0]}: unavailable)");
            Assert.Single(lines, l => l == "flexiffusion: an evaluator is back; search 'outage' continues");
            Assert.Equal(Outcome(embedded.Output), Outcome(remote.Output));
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    private static (string Best, string Front) Outcome(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return (root.GetProperty("best").GetRawText(), root.GetProperty("front").GetRawText());
    }

    /// <summary>Runs the command line and presses Ctrl+C once the controller's search has scored <paramref name="atLeast"/> candidates.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunUntilScoredAsync(Cluster cluster, string[] args, string id, int atLeast)
    {
        using var ctrlC = new CancellationTokenSource();
        var run = CliRunner.RunAsync(args, ctrlC.Token);
        await Patience.UntilAsync(async () => run.IsCompleted || await ScoredAsync(cluster, id) >= atLeast, $"search '{id}' scored {atLeast}");
        Assert.False(run.IsCompleted, "the command line ended before Ctrl+C");
        await ctrlC.CancelAsync();
        return await run.WaitAsync(Patience.Limit);
    }

    private static async Task<int> ScoredAsync(Cluster cluster, string id)
    {
        try
        {
            var search = await GetAsync(cluster, id);
            return search.State == SearchState.Running ? search.Scored : -1;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return -1;
        }
    }

    private static async Task<Contracts.Controller.V1.Search> GetAsync(Cluster cluster, string id) =>
        await cluster.Client.GetSearchAsync(new GetSearchRequest { Name = "searches/" + id });
}
