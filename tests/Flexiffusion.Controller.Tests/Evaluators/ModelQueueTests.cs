using Flexiffusion.Controller.Evaluators;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;
using Microsoft.Extensions.Time.Testing;
using Proto = Flexiffusion.Contracts.Common.V1;

namespace Flexiffusion.Controller.Tests.Evaluators;

public sealed class ModelQueueTests
{
    private static readonly ModelKey Model = new("m", "sha256:w", "sha256:f", "cpu");
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    private static WorkItem Item(string text = "2: 0:5x2") => new(Candidate.Parse(text, 10), new Proto.EvaluationSettings(), Model, CancellationToken.None);

    [Fact]
    public void Enqueue_NoEvaluatorForTheLimit_FailsTheCandidateWithATimeoutNamingTheModel()
    {
        var time = new FakeTimeProvider();
        using var queue = new ModelQueue(Model, Limit, time, () => "http://a");
        var item = Item();

        queue.Enqueue(item);
        time.Advance(Limit - TimeSpan.FromSeconds(1));
        bool waitingBefore = !item.IsDone;
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(waitingBefore);
        var error = Assert.IsType<TimeoutException>(item.Completion.Exception?.InnerException);
        Assert.Contains("model 'm'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Enqueue_AnEvaluatorServes_TheCandidateWaitsForIt()
    {
        var time = new FakeTimeProvider();
        using var queue = new ModelQueue(Model, Limit, time, () => "http://a");
        var item = Item();

        queue.Served(joined: true);
        queue.Enqueue(item);
        time.Advance(Limit * 3);

        Assert.False(item.IsDone);
        Assert.True(queue.Reader.TryRead(out var pulled));
        Assert.Same(item, pulled);
    }

    [Fact]
    public void Served_LastEvaluatorLeaves_TheLimitCountsFromItsDeparture()
    {
        var time = new FakeTimeProvider();
        using var queue = new ModelQueue(Model, Limit, time, () => "http://a");
        var early = Item("2: 0:5x2");
        queue.Served(joined: true);
        queue.Enqueue(early);
        time.Advance(Limit * 2);

        queue.Served(joined: false);
        var late = Item("2: 1:5x2");
        time.Advance(Limit / 2);
        queue.Enqueue(late);
        time.Advance(Limit / 2);
        bool earlyFailed = early.IsDone, lateWaiting = !late.IsDone;
        time.Advance(Limit / 2);

        Assert.True(earlyFailed);
        Assert.True(lateWaiting);
        Assert.True(late.IsDone);
    }

    [Fact]
    public void Close_FailsWaitingCandidatesAndRefusesNewOnes()
    {
        var time = new FakeTimeProvider();
        var queue = new ModelQueue(Model, Limit, time, () => "");
        var waiting = Item();
        queue.Enqueue(waiting);

        queue.Close();
        var late = Item("2: 1:5x2");
        queue.Enqueue(late);

        Assert.IsType<OperationCanceledException>(waiting.Completion.Exception?.InnerException);
        Assert.IsType<OperationCanceledException>(late.Completion.Exception?.InnerException);
        Assert.Equal(0, queue.Count);
    }
}
