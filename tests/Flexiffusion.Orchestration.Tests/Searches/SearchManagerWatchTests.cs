using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Orchestration.Tests.TestSupport;

namespace Flexiffusion.Orchestration.Tests.Searches;

public sealed class SearchManagerWatchTests
{
    [Fact]
    public async Task Watch_LateWatcher_GetsCurrentStateThenLiveUpdatesThenResult()
    {
        var spec = Synthetic.Spec();
        var expected = await Synthetic.ReferenceAsync(spec);
        var gate = new Gate();
        gate.HoldFrom(10);
        await using var manager = new SearchManager(new SyntheticBackend(gate));
        var id = (await manager.StartAsync(spec)).Id;
        await gate.Waiting;

        var updates = new List<SearchUpdate>();
        await using var watch = manager.Watch(id).GetAsyncEnumerator();
        Assert.True(await watch.MoveNextAsync());
        updates.Add(watch.Current);
        gate.Open();
        while (await watch.MoveNextAsync())
            updates.Add(watch.Current);

        var first = Assert.IsType<StateUpdate>(updates[0]).Status;
        Assert.Equal(SearchState.Running, first.State);
        Assert.Equal(1, first.GenerationsDone);
        Assert.Equal(10, first.Scored);
        Assert.NotNull(first.Best);
        var progress = updates.OfType<ProgressUpdate>().ToList();
        Assert.Equal(expected.History.Count - 10, progress.Count);
        Assert.Equal(3, progress[0].Done);
        Assert.All(progress, p => Assert.Equal(expected.History.Count(h => h.Generation == p.Generation), p.Total));
        Assert.All(progress, p => Assert.Equal(p.Candidate.Score / 100, p.Candidate.Evaluation.Kid));
        Assert.Equal([1, 2, 3], updates.OfType<GenerationUpdate>().Select(g => g.Generation));
        Assert.Equal(SearchState.Completed, Assert.IsType<StateUpdate>(updates[^2]).Status.State);
        Synthetic.AssertSameResult(expected, Assert.IsType<ResultUpdate>(updates[^1]).Result);
    }

    [Fact]
    public async Task Watch_UpdatesOfOneGeneration_ComeBeforeItsEnd()
    {
        var gate = new Gate();
        gate.HoldFrom(0);
        await using var manager = new SearchManager(new SyntheticBackend(gate));
        var id = (await manager.StartAsync(Synthetic.Spec(), "ordered")).Id;
        await using var watch = manager.Watch(id).GetAsyncEnumerator();
        Assert.True(await watch.MoveNextAsync());

        gate.Open();
        var updates = new List<SearchUpdate> { watch.Current };
        while (await watch.MoveNextAsync())
            updates.Add(watch.Current);

        int lastGeneration = -1;
        foreach (var update in updates)
        {
            if (update is ProgressUpdate p)
                Assert.Equal(lastGeneration + 1, p.Generation);
            if (update is GenerationUpdate g)
                lastGeneration = g.Generation;
        }
        Assert.Equal(3, lastGeneration);
    }

    [Fact]
    public async Task Watch_FinishedSearch_GetsStateThenResultThenEnd()
    {
        await using var manager = new SearchManager(new SyntheticBackend());
        var id = (await manager.StartAsync(Synthetic.Spec(generations: 2))).Id;
        var status = await manager.WaitAsync(id);

        var updates = new List<SearchUpdate>();
        await foreach (var update in manager.Watch(id))
            updates.Add(update);

        Assert.Equal(2, updates.Count);
        Assert.Equal(SearchState.Completed, Assert.IsType<StateUpdate>(updates[0]).Status.State);
        Assert.Same(status.Result, Assert.IsType<ResultUpdate>(updates[1]).Result);
    }

    [Fact]
    public async Task Watch_CancelledSearch_EndsWithTheCancelledState()
    {
        var gate = new Gate();
        gate.HoldFrom(3);
        await using var manager = new SearchManager(new SyntheticBackend(gate));
        var id = (await manager.StartAsync(Synthetic.Spec())).Id;
        await gate.Waiting;
        var updates = new List<SearchUpdate>();
        var watching = Task.Run(async () =>
        {
            await foreach (var update in manager.Watch(id))
                updates.Add(update);
        });
        await Eventually.TrueAsync(() => updates.Count > 0, "the watcher got the state");

        await manager.CancelAsync(id);
        await watching.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(SearchState.Running, Assert.IsType<StateUpdate>(updates[0]).Status.State);
        Assert.Equal(SearchState.Cancelled, Assert.IsType<StateUpdate>(updates[^1]).Status.State);
        Assert.DoesNotContain(updates, u => u is ResultUpdate);
    }

    [Fact]
    public async Task Watch_SlowWatcher_DropsOnlyProgressAndNeverBlocksTheSearch()
    {
        var gate = new Gate();
        gate.HoldFrom(0);
        await using var slowManager = new SearchManager(new SyntheticBackend(gate), options: new SearchManagerOptions { WatcherBuffer = 2 });
        var id = (await slowManager.StartAsync(Synthetic.Spec())).Id;
        await using var watch = slowManager.Watch(id).GetAsyncEnumerator();
        Assert.True(await watch.MoveNextAsync());

        gate.Open();
        var status = await slowManager.WaitAsync(id);
        var rest = new List<SearchUpdate>();
        while (await watch.MoveNextAsync())
            rest.Add(watch.Current);

        Assert.Equal(SearchState.Completed, status.State);
        Assert.Equal(2, rest.OfType<ProgressUpdate>().Count());
        Assert.Equal([0, 1, 2, 3], rest.OfType<GenerationUpdate>().Select(g => g.Generation));
        Assert.IsType<ResultUpdate>(rest[^1]);
    }
}
