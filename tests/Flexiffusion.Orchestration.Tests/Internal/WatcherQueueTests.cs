using Flexiffusion.Orchestration.Internal;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Orchestration.Tests.TestSupport;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Orchestration.Tests.Internal;

public sealed class WatcherQueueTests
{
    private static readonly Candidate Ddim = Candidate.Parse("3: Fx3", 12);

    private static ProgressUpdate Progress(int done) => new(0, new ScoredCandidate(Ddim, new CostModel(Synthetic.Model.Costs).Evaluate(Ddim), 1, 0), false, done, 10);

    [Fact]
    public async Task Post_MoreProgressThanCapacity_DropsNewestProgressKeepsEverythingElseInOrder()
    {
        var queue = new WatcherQueue(progressCapacity: 2);
        var state = new StateUpdate(new SearchStatus("s", SearchState.Running));

        queue.Post(state);
        queue.Post(Progress(1));
        queue.Post(Progress(2));
        queue.Post(Progress(3));
        queue.Post(state);
        queue.Complete();
        var read = new List<SearchUpdate>();
        await foreach (var update in queue.ReadAllAsync(default))
            read.Add(update);

        Assert.Equal(4, read.Count);
        Assert.Equal([1, 2], read.OfType<ProgressUpdate>().Select(p => p.Done));
        Assert.Same(state, read[^1]);
        Assert.Equal(1, queue.Dropped);
    }

    [Fact]
    public async Task Post_AfterReading_FreesProgressCapacity()
    {
        var queue = new WatcherQueue(progressCapacity: 1);
        await using var reader = queue.ReadAllAsync(default).GetAsyncEnumerator();

        queue.Post(Progress(1));
        Assert.True(await reader.MoveNextAsync());
        queue.Post(Progress(2));
        Assert.True(await reader.MoveNextAsync());

        Assert.Equal(2, ((ProgressUpdate)reader.Current).Done);
        Assert.Equal(0, queue.Dropped);
    }
}
