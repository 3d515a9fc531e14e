using Flexiffusion.Controller.Evaluators;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;
using Flexiffusion.Testing;
using Microsoft.Extensions.Time.Testing;
using Proto = Flexiffusion.Contracts.Common.V1;

namespace Flexiffusion.Controller.Tests.Evaluators;

public sealed class ModelQueueTests
{
    private static readonly ModelKey Model = new("m", "sha256:w", "sha256:f", "cpu");
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    private static WorkItem Item(string text = "2: 0:5x2", CancellationToken cancellationToken = default) =>
        new(Candidate.Parse(text, 10), new Proto.EvaluationSettings(), Model, cancellationToken);

    [Fact]
    public void Enqueue_NoEvaluatorAndNoLimit_WaitsFarLongerThanTheCallTimeoutAndSaysItWaits()
    {
        var time = new FakeTimeProvider();
        int changes = 0;
        using var queue = new ModelQueue(Model, TimeSpan.Zero, time, () => "http://a", _ => changes++);
        var first = Item("2: 0:5x2");
        var second = Item("2: 1:5x2");

        queue.Enqueue(first);
        queue.Enqueue(second);
        time.Advance(TimeSpan.FromDays(30));

        Assert.False(first.IsDone);
        Assert.False(second.IsDone);
        Assert.Equal(2, queue.Count);
        Assert.True(queue.IsWaiting);
        Assert.Equal(1, changes);
    }

    [Fact]
    public void Served_EvaluatorJoinsAfterALongWait_TheWaitEndsAndItGetsTheCandidatesInOrder()
    {
        var time = new FakeTimeProvider();
        var seen = new List<bool>();
        using var queue = new ModelQueue(Model, TimeSpan.Zero, time, () => "http://a", q => seen.Add(q.IsWaiting));
        var first = Item("2: 0:5x2");
        var second = Item("2: 1:5x2");
        queue.Enqueue(first);
        queue.Enqueue(second);
        time.Advance(Limit * 100);

        queue.Served(joined: true);

        Assert.False(queue.IsWaiting);
        Assert.Equal(new[] { true, false }, seen);
        Assert.True(queue.Reader.TryRead(out var a));
        Assert.True(queue.Reader.TryRead(out var b));
        Assert.Equal(new[] { first, second }, new[] { a, b });
        Assert.False(first.IsDone || second.IsDone);
    }

    [Fact]
    public void Served_LastEvaluatorLeavesWithCandidatesQueued_TheWaitStartsAndNothingFails()
    {
        var time = new FakeTimeProvider();
        var seen = new List<bool>();
        using var queue = new ModelQueue(Model, TimeSpan.Zero, time, () => "http://a", q => seen.Add(q.IsWaiting));
        queue.Served(joined: true);
        var item = Item();
        queue.Enqueue(item);

        queue.Served(joined: false);
        time.Advance(TimeSpan.FromDays(1));

        Assert.True(queue.IsWaiting);
        Assert.Equal(new[] { true }, seen);
        Assert.False(item.IsDone);
    }

    [Fact]
    public async Task Enqueue_WaitingCandidateCancelled_LeavesTheQueueAndTheWaitEnds()
    {
        var time = new FakeTimeProvider();
        using var cancel = new CancellationTokenSource();
        using var queue = new ModelQueue(Model, TimeSpan.Zero, time, () => "http://a");
        var cancelled = Item("2: 0:5x2", cancel.Token);
        var other = Item("2: 1:5x2");
        queue.Enqueue(cancelled);
        queue.Enqueue(other);

        await cancel.CancelAsync();
        await Patience.UntilAsync(() => queue.Count == 1, "the cancelled candidate left the queue");
        bool waitingWithOther = queue.IsWaiting;
        Assert.True(queue.Reader.TryRead(out var left));
        var alone = Item("2: 2:5x2", cancel.Token);
        queue.Enqueue(alone);
        await Patience.UntilAsync(() => queue.Count == 0 && !queue.IsWaiting, "a candidate cancelled before it was queued left too");

        Assert.True(cancelled.Completion.IsCanceled);
        Assert.True(waitingWithOther);
        Assert.Same(other, left);
        Assert.True(alone.Completion.IsCanceled);
    }

    [Fact]
    public void Enqueue_NoEvaluatorForTheConfiguredLimit_FailsTheCandidateWithATimeoutNamingTheModelAndTheSetting()
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
        Assert.Contains("NoEvaluatorTimeout", error.Message, StringComparison.Ordinal);
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
