using System.Text;
using System.Text.Json.Nodes;
using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Faults.Tests.TestSupport;
using Flexiffusion.Identity;
using Flexiffusion.Testing;
using Xunit.Abstractions;

namespace Flexiffusion.Faults.Tests;

/// <summary>
/// Faults injected into real processes — <c>flexiffusion serve controller|evaluator</c> and <c>flexiffusion search</c>
/// started from the built CLI, real redis-servers, loopback only — while they run <see cref="TinySearch"/>. Each
/// scenario ends with the best and the front of the undisturbed run (<see cref="UndisturbedSearch"/>), identical:
/// <list type="bullet">
/// <item>a. SIGKILL an evaluator that holds candidates (stopped before the search starts, it certainly takes some and
/// answers none); they go back to the queue and the search completes on the other evaluator.</item>
/// <item>b. SIGSTOP an evaluator: its candidates pass the 5 s call deadline, its stream is reset and they are
/// re-dispatched; after SIGCONT it rejoins (logged) and scores later candidates (the controller's metric) while the
/// other evaluator is stopped in turn.</item>
/// <item>c. SIGKILL the controller (with Redis) after a generation was saved; a new controller on the same port and
/// Redis resumes the search from its snapshot.</item>
/// <item>d. Shut Redis down mid-search (append-only file, as a durable deployment runs it) and start it again: the search
/// runs on while Redis is away, the record saved before survives the restart, and the final record is saved.</item>
/// <item>e. Corrupt Redis entries: every teacher-features blob and every cached candidate score become garbage, truncated,
/// null fields or another candidate's (misses: computed again and overwritten, never a wrong score, the cache stays in
/// use), and stored running searches get null fields (failed with the reason, in the store or through the API; the
/// controller serves, and a restarted one does not try them again).</item>
/// <item>f. A full disk (writes fail with ENOSPC, from /dev/full) under an embedded <c>search --state DIR</c>: the
/// search says its state is not being saved, completes, and the same command later continues from the saved state.</item>
/// </list>
/// </summary>
public sealed class FaultInjectionTests(UndisturbedSearch reference, ITestOutputHelper output) : IClassFixture<UndisturbedSearch>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("flexiffusion-faults-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task KillEvaluator_WhileItHoldsCandidates_SearchCompletesOnTheOtherWithTheUndisturbedResult()
    {
        using var cluster = new ServiceCluster(_directory, output);
        var (a, b) = await StartTwoEvaluatorsAsync(cluster);

        // Stopped before the search, b takes its first candidates (its slots are free) and can answer none; a scores the
        // rest of the first generation, which cannot end without b's.
        b.Process.Signal("STOP");
        var search = cluster.StartSearch("kill-evaluator");
        await cluster.WaitForSearchAsync("kill-evaluator", s => s.State == SearchState.Running && s.Scored >= 1, "evaluator-a scored a candidate");
        var before = await cluster.WaitForSearchAsync("kill-evaluator", _ => true, "the search's status");
        await b.Process.KillAsync();
        int code = await search.WaitForExitAsync();

        Assert.Equal(0, before.GenerationsDone);
        Assert.Equal(0, code);
        var outcome = AssertUndisturbed(search);
        Assert.Equal(outcome.Scored, outcome.Evaluations);
        Assert.True(cluster.Controller.Printed($"goes back to the queue: evaluator {b.Address}"), "no candidate of the killed evaluator went back to the queue");
        Assert.Equal(1, cluster.Controller.Count(a.JoinedLine));
    }

    [Fact]
    public async Task StopEvaluator_PastTheCallDeadline_CandidatesAreRedispatchedAndItRejoinsAfterContinue()
    {
        using var cluster = new ServiceCluster(_directory, output);
        var (a, b) = await StartTwoEvaluatorsAsync(cluster, "--Controller:CallTimeout=00:00:05");

        b.Process.Signal("STOP");
        var search = cluster.StartSearch("stop-evaluator");
        await cluster.WaitForSearchAsync("stop-evaluator", s => s.State == SearchState.Running && s.Scored >= 1, "evaluator-a scored a candidate");
        // a stops too: whatever is scored from now on after b's deadline, only b, once it has rejoined, can score.
        a.Process.Signal("STOP");
        await cluster.Controller.WaitForAsync($"Stream to evaluator {b.Address} was reset: candidate");
        long beforeRejoin = await cluster.EvaluatedByAsync(b.Id);
        b.Process.Signal("CONT");
        await cluster.JoinedAsync(b, times: 2);
        int code = await search.WaitForExitAsync();

        Assert.Equal(0, code);
        var outcome = AssertUndisturbed(search);
        Assert.Equal(outcome.Scored, outcome.Evaluations);
        Assert.Equal(0, beforeRejoin);
        Assert.True(await cluster.EvaluatedByAsync(b.Id) > 0, "evaluator-b scored nothing after it rejoined");
        Assert.True(cluster.Controller.Printed("deadline"), "no candidate passed its deadline");
    }

    [Fact]
    public async Task KillController_AfterAGenerationWasSaved_RestartedControllerResumesFromTheSnapshot()
    {
        using var redis = new RedisProcess(Path.Combine(_directory, "redis"));
        await redis.StartAsync();
        using var cluster = new ServiceCluster(_directory, output, redis);
        var (a, b) = await StartTwoEvaluatorsAsync(cluster);

        var first = cluster.StartSearch("kill-controller");
        await cluster.WaitForSearchAsync("kill-controller", s => s.GenerationsDone >= 1, "a generation was saved");
        // Both evaluators stop, so nothing more can finish before the controller dies.
        a.Process.Signal("STOP");
        b.Process.Signal("STOP");
        var before = await cluster.WaitForSearchAsync("kill-controller", _ => true, "the search's status");
        await cluster.Controller.KillAsync();
        int firstCode = await first.WaitForExitAsync();
        a.Process.Signal("CONT");
        b.Process.Signal("CONT");
        await cluster.StartControllerAsync();
        await cluster.Controller.WaitForAsync("Search kill-controller recovered as");
        var second = cluster.StartSearch("kill-controller");
        int code = await second.WaitForExitAsync();

        Assert.Equal(SearchState.Running, before.State);
        Assert.Equal(1, firstCode);
        Assert.Equal(0, code);
        var outcome = AssertUndisturbed(second);
        Assert.True(outcome.Evaluations < outcome.Scored, "the restarted controller evaluated everything again");
    }

    [Fact]
    public async Task RestartRedis_MidSearch_SearchGoesOnAndTheRecordSurvives()
    {
        using var redis = new RedisProcess(Path.Combine(_directory, "redis"));
        await redis.StartAsync();
        using var cluster = new ServiceCluster(_directory, output, redis);
        var (a, b) = await StartTwoEvaluatorsAsync(cluster);
        string key = StoreKeys.Search("restart-redis");

        var search = cluster.StartSearch("restart-redis");
        await cluster.WaitForSearchAsync("restart-redis", s => s.GenerationsDone >= 1, "a generation was saved");
        a.Process.Signal("STOP");
        b.Process.Signal("STOP");
        var before = await cluster.WaitForSearchAsync("restart-redis", _ => true, "the search's status");
        await redis.ShutdownAsync();
        a.Process.Signal("CONT");
        b.Process.Signal("CONT");
        // A generation ends while Redis is away (its save fails); then everything stops again until Redis is back.
        await cluster.WaitForSearchAsync("restart-redis", s => s.GenerationsDone > before.GenerationsDone, "a generation ended without Redis");
        a.Process.Signal("STOP");
        b.Process.Signal("STOP");
        var during = await cluster.WaitForSearchAsync("restart-redis", _ => true, "the search's status");
        await redis.StartAsync();
        string? survived = await (await redis.DatabaseAsync()).StringGetAsync(key);
        a.Process.Signal("CONT");
        b.Process.Signal("CONT");
        int code = await search.WaitForExitAsync();

        Assert.Equal(SearchState.Running, before.State);
        Assert.Equal(SearchState.Running, during.State);
        Assert.Contains("\"state\":\"running\"", survived, StringComparison.Ordinal);
        Assert.Equal(0, code);
        AssertUndisturbed(search);
        Assert.True(cluster.Controller.Printed("Could not save search restart-redis"), "no save failed while Redis was away");
        await Patience.UntilAsync(async () => ((string?)await (await redis.DatabaseAsync()).StringGetAsync(key))?.Contains("\"state\":\"completed\"", StringComparison.Ordinal) == true,
            "the completed record was saved in the restarted Redis");
    }

    [Fact]
    public async Task CorruptRedisEntries_CacheEntriesAreRecomputedAndUnloadableRecordsFailWithTheReason()
    {
        using var redis = new RedisProcess(Path.Combine(_directory, "redis"));
        await redis.StartAsync();
        using var cluster = new ServiceCluster(_directory, output, redis);
        var (a, b) = await StartTwoEvaluatorsAsync(cluster);
        var database = await redis.DatabaseAsync();
        var fill = cluster.StartSearch("fill-cache");
        Assert.Equal(0, await fill.WaitForExitAsync());
        // The evaluators forget the teacher features they hold in memory; Redis keeps only corrupt ones.
        await a.Process.KillAsync();
        await b.Process.KillAsync();
        var teachers = await redis.KeysAsync(StoreKeys.Prefix + "teacher-features:*");
        var candidates = await redis.KeysAsync(StoreKeys.Prefix + "candidate:*");
        for (int i = 0; i < teachers.Count; i++)
        {
            byte[] valid = (byte[])(await database.StringGetAsync(teachers[i]))!;
            byte[][] corrupt = [Encoding.UTF8.GetBytes("not a feature set"), valid[..(valid.Length / 2)], [], [.. valid[..^1], (byte)(valid[^1] ^ 1)]];
            await database.StringSetAsync(teachers[i], corrupt[i % corrupt.Length]);
        }
        for (int i = 0; i < candidates.Count; i++)
        {
            string valid = (await database.StringGetAsync(candidates[i]))!;
            string[] corrupt = ["not json", "{}", """{"candidate":null,"score":null}""", valid[..(valid.Length / 2)], """{"candidate":"F/8","score":0}"""];
            await database.StringSetAsync(candidates[i], corrupt[i % corrupt.Length]);
        }
        output.WriteLine($"corrupted {teachers.Count} teacher-features entries and {candidates.Count} candidate scores");
        await Task.WhenAll(cluster.StartEvaluatorAsync(a), cluster.StartEvaluatorAsync(b));
        await Task.WhenAll(cluster.JoinedAsync(a, times: 2), cluster.JoinedAsync(b, times: 2));
        var afterCorruption = cluster.StartSearch("after-corruption");
        Assert.Equal(0, await afterCorruption.WaitForExitAsync());
        var afterRepair = cluster.StartSearch("after-repair");
        Assert.Equal(0, await afterRepair.WaitForExitAsync());

        // Stored searches with null fields, written as a running search would be, then a new controller.
        string template = (await database.StringGetAsync(StoreKeys.Search("fill-cache")))!;
        var broken = new Dictionary<string, Action<JsonObject>>
        {
            ["null-evolution"] = r => r["spec"]!["evolution"] = null,
            ["null-branches"] = r => r["spec"]!["space"]!["branches"] = null,
            ["null-model-checksum"] = r => r["model"]!["checksum"] = null,
            ["null-snapshot-text"] = r => r["snapshot"] = "null",
        };
        foreach (var (id, breakIt) in broken)
        {
            var record = JsonNode.Parse(template)!.AsObject();
            record["id"] = id;
            record["state"] = "running";
            breakIt(record);
            await database.StringSetAsync(StoreKeys.Search(id), record.ToJsonString());
            await database.SetAddAsync(StoreKeys.SearchIndex, id);
        }
        await cluster.Controller.KillAsync();
        await cluster.StartControllerAsync();
        var checksumFailed = await cluster.WaitForSearchAsync("null-model-checksum", s => s.State == SearchState.Failed, "search null-model-checksum failed");
        var stored = new Dictionary<string, JsonNode>();
        foreach (string id in broken.Keys)
            stored[id] = JsonNode.Parse((string)(await database.StringGetAsync(StoreKeys.Search(id)))!)!;
        // A second controller finds them failed in the store: nothing is tried again.
        await cluster.Controller.KillAsync();
        await cluster.StartControllerAsync();
        var listed = await cluster.Client.ListSearchesAsync(new ListSearchesRequest { PageSize = 100 });

        var fillOutcome = AssertUndisturbed(fill);
        var corrupted = AssertUndisturbed(afterCorruption);
        var repaired = AssertUndisturbed(afterRepair);
        Assert.NotEmpty(teachers);
        Assert.NotEmpty(candidates);
        Assert.Equal((fillOutcome.Scored, 0), (corrupted.Evaluations, corrupted.CacheHits));
        Assert.DoesNotContain(afterCorruption.Lines, l => l.Contains("cache unavailable", StringComparison.Ordinal));
        Assert.Equal((0, repaired.Scored), (repaired.Evaluations, repaired.CacheHits));
        // Every corrupt teacher-features entry was computed again by one of the restarted evaluators.
        Assert.True(a.Process.Count("Computed teacher features") + b.Process.Count("Computed teacher features") >= teachers.Count, "corrupt teacher features were not computed again");
        Assert.Contains("changed since the search started", checksumFailed.Error, StringComparison.Ordinal);
        Assert.All(broken.Keys, id => Assert.Equal("failed", stored[id]["state"]!.GetValue<string>()));
        Assert.Contains("evolution: is missing", stored["null-evolution"]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("space.branches: is missing", stored["null-branches"]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("snapshot", stored["null-snapshot-text"]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(cluster.Controller.Printed("Search store read; 0 searches resume here"), "the second controller resumed a search");
        Assert.Equal(SearchState.Failed, listed.Searches.Single(s => s.Name == "searches/null-model-checksum").State);
        Assert.Equal(SearchState.Completed, listed.Searches.Single(s => s.Name == "searches/after-repair").State);
    }

    [Fact]
    public async Task FullDisk_UnderEmbeddedSearchState_IsReportedTheSearchCompletesAndLaterContinuesFromTheSavedState()
    {
        using var cluster = new ServiceCluster(_directory, output);
        string state = Path.Combine(_directory, "state");
        string record = Path.Combine(state, "full-disk.search.json");
        string[] args = [.. TinySearch.EmbeddedArgs(Path.Combine(_directory, "cache")), "--state", state, "--id", "full-disk"];

        var search = cluster.Track(CliProcess.Start("search full-disk#1", _directory, args, keepStandardOutput: true));
        await Patience.UntilAsync(() => SavedGenerations(record) >= 1, "a generation was saved in the state");
        search.Signal("STOP");
        string saved = File.ReadAllText(record);
        // From now on every write of the state fails as on a full disk: ENOSPC, from /dev/full.
        File.CreateSymbolicLink(record + ".tmp", "/dev/full");
        search.Signal("CONT");
        int code = await search.WaitForExitAsync();
        string afterFull = File.ReadAllText(record);
        File.Delete(record + ".tmp");
        var again = cluster.Track(CliProcess.Start("search full-disk#2", _directory, args, keepStandardOutput: true));
        int againCode = await again.WaitForExitAsync();

        Assert.Equal(0, code);
        AssertUndisturbed(search);
        Assert.True(search.Printed("cannot save the search's state"), "the failing saves were not reported");
        Assert.True(search.Printed("No space left on device"), "the reason was not reported");
        Assert.True(search.Printed("final state was not saved"), "the unsaved final state was not reported");
        Assert.Equal(saved, afterFull);
        Assert.Equal(0, againCode);
        Assert.True(again.Printed($"continuing search 'full-disk' from generation {SavedGenerations(saved) + 1}"), "the search did not continue from the saved state");
        var continued = AssertUndisturbed(again);
        Assert.True(continued.Evaluations < continued.Scored, "the continued search evaluated everything again");
        Assert.Equal("completed", JsonNode.Parse(File.ReadAllText(record))!["state"]!.GetValue<string>());
    }

    /// <summary>Generations in the state file's snapshot (0 while there is none or no file).</summary>
    private static int SavedGenerations(string pathOrJson)
    {
        string json = pathOrJson.StartsWith('{') ? pathOrJson : File.Exists(pathOrJson) ? File.ReadAllText(pathOrJson) : "{}";
        return JsonNode.Parse(json)?["snapshot"]?.GetValue<string>() is { } snapshot
            ? JsonNode.Parse(snapshot)!["completedGenerations"]!.GetValue<int>()
            : 0;
    }

    private static async Task<(EvaluatorNode A, EvaluatorNode B)> StartTwoEvaluatorsAsync(ServiceCluster cluster, params string[] controllerSettings)
    {
        var a = cluster.AddEvaluator("evaluator-a");
        var b = cluster.AddEvaluator("evaluator-b");
        await Task.WhenAll(cluster.StartEvaluatorAsync(a), cluster.StartEvaluatorAsync(b));
        await cluster.StartControllerAsync(controllerSettings);
        await Task.WhenAll(cluster.JoinedAsync(a), cluster.JoinedAsync(b));
        return (a, b);
    }

    private SearchOutcome AssertUndisturbed(ChildProcess search)
    {
        var outcome = TinySearch.Outcome(search);
        Assert.Equal(reference.Outcome.Best, outcome.Best);
        Assert.Equal(reference.Outcome.Front, outcome.Front);
        Assert.Equal(reference.Outcome.Scored, outcome.Scored);
        output.WriteLine($"outcome of {search.Name}: scored {outcome.Scored}, evaluations {outcome.Evaluations}, cache hits {outcome.CacheHits}; reference: scored {reference.Outcome.Scored}, evaluations {reference.Outcome.Evaluations}");
        return outcome;
    }
}
