using Flexiffusion.Orchestration.Persistence;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Orchestration.Tests.TestSupport;
using Flexiffusion.Testing;

namespace Flexiffusion.Orchestration.Tests.Searches;

/// <summary>Cancel, resume, recovery after a restart and the concurrency limit.</summary>
public sealed class SearchManagerLifecycleTests
{
    // Generation 0 scores 8 candidates: holding from the 10th evaluation stops the search inside generation 1.
    private const int InsideGenerationOne = 10;

    [Fact]
    public async Task CancelAsync_RunningSearch_IsCancelledAndStored()
    {
        var gate = new Gate();
        gate.HoldFrom(InsideGenerationOne);
        var store = new InMemorySearchStore();
        await using var manager = new SearchManager(new SyntheticBackend(gate), store);
        var id = (await manager.StartAsync(Synthetic.Spec())).Id;
        await gate.Waiting;

        var status = await manager.CancelAsync(id);

        Assert.Equal(SearchState.Cancelled, status.State);
        Assert.Equal(1, status.GenerationsDone);
        Assert.Equal(SearchState.Cancelled, store.Get(id)!.State);
        Assert.Equal(0, manager.RunningCount);
    }

    [Fact]
    public async Task ResumeAsync_AfterCancel_EndsLikeTheUninterruptedSearch()
    {
        var spec = Synthetic.Spec();
        var expected = await Synthetic.ReferenceAsync(spec);
        var gate = new Gate();
        gate.HoldFrom(InsideGenerationOne);
        await using var manager = new SearchManager(new SyntheticBackend(gate));
        var id = (await manager.StartAsync(spec)).Id;
        await gate.Waiting;
        await manager.CancelAsync(id);
        gate.Open();

        var resumed = await manager.ResumeAsync(id);
        var status = await manager.WaitAsync(id);

        Assert.Contains(resumed.State, new[] { SearchState.Pending, SearchState.Running });
        Assert.Equal(SearchState.Completed, status.State);
        Synthetic.AssertSameResult(expected, status.Result);
    }

    [Fact]
    public async Task ResumeAsync_NoEvaluatorToCheckTheModelWith_WaitsSayingWhyThenEndsLikeTheUninterruptedSearch()
    {
        var spec = Synthetic.Spec();
        var expected = await Synthetic.ReferenceAsync(spec);
        var gate = new Gate();
        gate.HoldFrom(InsideGenerationOne);
        var backend = new SyntheticBackend(gate);
        await using var manager = new SearchManager(backend);
        var id = (await manager.StartAsync(spec)).Id;
        await gate.Waiting;
        await manager.CancelAsync(id);
        gate.Open();
        backend.ModelTimeouts = 3;

        await manager.ResumeAsync(id);
        var waits = new List<string>();
        var watching = Task.Run(async () =>
        {
            await foreach (var update in manager.Watch(id))
            {
                if (update is StateUpdate { Status.Waiting: { } reason })
                    waits.Add(reason);
            }
        });
        var status = await manager.WaitAsync(id);
        await watching.WaitAsync(Patience.Limit);

        Assert.Equal(SearchState.Completed, status.State);
        Synthetic.AssertSameResult(expected, status.Result);
        Assert.Null(status.Waiting);
        Assert.Contains(waits, w => w.StartsWith("waiting for an evaluator to check model", StringComparison.Ordinal) && w.Contains("none up", StringComparison.Ordinal));
        Assert.Equal(0, backend.ModelTimeouts);
    }

    [Fact]
    public async Task ResumeAsync_CompletedSearch_Throws()
    {
        await using var manager = new SearchManager(new SyntheticBackend());
        var id = (await manager.StartAsync(Synthetic.Spec(generations: 1))).Id;
        await manager.WaitAsync(id);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => manager.ResumeAsync(id));

        Assert.Contains("completed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecoverAsync_RunningRecordAfterRestart_ResumesFromItsSnapshotAndEndsIdentical()
    {
        var spec = Synthetic.Spec();
        var expected = await Synthetic.ReferenceAsync(spec);
        var store = new InMemorySearchStore();
        var gate = new Gate();
        gate.HoldFrom(InsideGenerationOne);
        var first = new SearchManager(new SyntheticBackend(gate), store);
        var id = (await first.StartAsync(spec, "survivor")).Id;
        await gate.Waiting;

        await first.DisposeAsync();
        var stored = store.Get(id)!;
        var backend = new SyntheticBackend();
        await using var second = new SearchManager(backend, store);
        int resumed = await second.RecoverAsync();
        var status = await second.WaitAsync(id);

        Assert.Equal(SearchState.Running, stored.State);
        Assert.Contains("\"completedGenerations\":1", stored.Snapshot, StringComparison.Ordinal);
        Assert.Equal(1, resumed);
        Assert.Equal(SearchState.Completed, status.State);
        Synthetic.AssertSameResult(expected, status.Result);
        Assert.Equal(expected.History.Count(h => h.Generation > 0), backend.Evaluations);
    }

    [Fact]
    public async Task RecoverAsync_RunningRecordThatCannotBeLoaded_IsMarkedFailedWithTheReasonAndNeverResumed()
    {
        var store = new InMemorySearchStore();
        var gate = new Gate();
        gate.HoldFrom(InsideGenerationOne);
        var first = new SearchManager(new SyntheticBackend(gate), store);
        var id = (await first.StartAsync(Synthetic.Spec(), "broken")).Id;
        await gate.Waiting;
        await first.DisposeAsync();
        var stored = store.Get(id)!;
        // Its snapshot no longer fits its spec (as after an incompatible change of the search space).
        await store.SaveAsync(stored with { Snapshot = stored.Snapshot!.Replace(stored.Spec.ToRequest(stored.Model).Fingerprint(), "0000", StringComparison.Ordinal) }, CancellationToken.None);
        var backend = new SyntheticBackend();
        await using var second = new SearchManager(backend, store);

        int resumed = await second.RecoverAsync();
        int again = await second.RecoverAsync();
        var marked = store.Get(id)!;

        Assert.Equal((0, 0), (resumed, again));
        Assert.Equal(SearchState.Failed, marked.State);
        Assert.Contains("cannot be resumed", marked.Error, StringComparison.Ordinal);
        Assert.Equal(0, backend.EvaluatorsCreated);
    }

    [Fact]
    public async Task RecoverAsync_CompletedRecord_ShowsTheSameResultWithoutEvaluating()
    {
        var store = new InMemorySearchStore();
        SearchStatus original;
        await using (var first = new SearchManager(new SyntheticBackend(), store))
            original = await first.WaitAsync((await first.StartAsync(Synthetic.Spec(), "done")).Id);
        var backend = new SyntheticBackend();
        await using var second = new SearchManager(backend, store);

        int resumed = await second.RecoverAsync();
        var status = second.Get("done");

        Assert.Equal(0, resumed);
        Assert.Equal(0, backend.EvaluatorsCreated);
        Assert.Equal(SearchState.Completed, status.State);
        Synthetic.AssertSameResult(original.Result!, status.Result);
        Assert.Equal(original.Result!.Evaluations, status.Result!.Evaluations);
        Assert.Equal(original.Created, status.Created);
    }

    [Fact]
    public async Task StartAsync_ThirdSearchOverLimitOfTwo_PendingUntilOneEnds()
    {
        var gate = new Gate();
        gate.HoldFrom(0);
        await using var manager = new SearchManager(new SyntheticBackend(gate), options: new SearchManagerOptions { MaxConcurrentSearches = 2 });
        var a = (await manager.StartAsync(Synthetic.Spec(seed: 1), "a")).Id;
        var b = (await manager.StartAsync(Synthetic.Spec(seed: 2), "b")).Id;
        var c = await manager.StartAsync(Synthetic.Spec(seed: 3), "c");
        await Eventually.TrueAsync(() => manager.RunningCount == 2, "two searches run");

        Assert.Equal(SearchState.Pending, c.State);
        Assert.Equal(SearchState.Pending, manager.Get("c").State);

        await manager.CancelAsync(a);
        await Eventually.TrueAsync(() => manager.Get("c").State == SearchState.Running, "the third search runs");
        Assert.Equal(2, manager.RunningCount);
        gate.Open();
        Assert.Equal(SearchState.Completed, (await manager.WaitAsync(b)).State);
        Assert.Equal(SearchState.Completed, (await manager.WaitAsync("c")).State);
    }

    [Fact]
    public async Task CancelAsync_PendingSearch_NeverRuns()
    {
        var gate = new Gate();
        gate.HoldFrom(0);
        var backend = new SyntheticBackend(gate);
        await using var manager = new SearchManager(backend, options: new SearchManagerOptions { MaxConcurrentSearches = 1 });
        await manager.StartAsync(Synthetic.Spec(seed: 1), "running");
        await manager.StartAsync(Synthetic.Spec(seed: 2), "waiting");

        var status = await manager.CancelAsync("waiting");
        gate.Open();
        await manager.WaitAsync("running");

        Assert.Equal(SearchState.Cancelled, status.State);
        Assert.Equal(SearchState.Cancelled, manager.Get("waiting").State);
        Assert.Equal(1, backend.EvaluatorsCreated);
    }
}
