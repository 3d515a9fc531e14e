using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Controller.Evaluators;
using Flexiffusion.Controller.Tests.TestSupport;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Flexiffusion.Controller.Tests.Evaluators;

/// <summary>Evaluators that are missing, failing or wrong: the pool waits, takes out, rejoins and filters.</summary>
public sealed class EvaluatorPoolRecoveryTests
{
    [Fact]
    public async Task StartSearch_NoEvaluatorUpYet_WaitsAndRunsOnceOneIsServing()
    {
        var request = Requests.Small("patient");
        var expected = await Requests.ReferenceAsync(request);
        int port = FreePort.Next();
        WaitWatchingBackend? backend = null;
        await using var controller = await TestController.StartAsync([$"http://127.0.0.1:{port}"], configure: b => b.Services.Replace(
            ServiceDescriptor.Singleton<IEvaluationBackend>(sp => backend = new WaitWatchingBackend(sp.GetRequiredService<EvaluatorPool>()))));

        var start = controller.Client.CreateSearchAsync(request).ResponseAsync;
        await Task.WhenAny(backend!.Waiting, start).WaitAsync(Patience.Limit);
        bool waited = backend.Waiting.IsCompleted && !start.IsCompleted;
        await using var late = await SyntheticEvaluatorServer.StartAsync("eval-late", port: port);
        await start.WaitAsync(Patience.Limit);
        var updates = await controller.WatchAsync("patient");

        Assert.True(waited);
        Requests.AssertSame(expected, updates[^1].Result);
        Assert.Equal(expected.History.Count, late.Answered.Count);
    }

    [Fact]
    public async Task Search_OnlyEvaluatorStopsMidSearch_WaitsPastTheCallTimeoutSayingWhyAndEndsUnchangedWhenOneReturns()
    {
        var request = Requests.Small("patient-again");
        var expected = await Requests.ReferenceAsync(request);
        int port = FreePort.Next();
        var first = await SyntheticEvaluatorServer.StartAsync("eval-first", capacity: 2, delay: TimeSpan.FromMilliseconds(5), port: port);
        first.KillAfter = 6;
        // A short call timeout: the wait below outlasts it, and the search must neither fail nor lose a candidate.
        var callTimeout = TimeSpan.FromSeconds(2);
        await using var controller = await TestController.StartAsync([first.Address], settings: [$"--Controller:CallTimeout={callTimeout}"]);
        var pool = controller.Services.GetRequiredService<EvaluatorPool>();
        await Patience.UntilAsync(() => pool.AvailableCount == 1, "the evaluator joined");

        await controller.Client.CreateSearchAsync(request);
        var watching = controller.WatchAsync("patient-again");
        await Patience.UntilAsync(async () => (await GetAsync(controller, "patient-again")).Waiting.Length > 0, "the search said it waits");
        await first.DisposeAsync();
        // The outage lasts longer than the call timeout (a fault's duration, not a synchronisation).
        await Task.Delay(callTimeout + TimeSpan.FromSeconds(1));
        var during = await GetAsync(controller, "patient-again");
        await using var second = await SyntheticEvaluatorServer.StartAsync("eval-second", capacity: 2, delay: TimeSpan.FromMilliseconds(5), port: port);
        var updates = await watching.WaitAsync(Patience.Limit);
        var after = await GetAsync(controller, "patient-again");

        Assert.Equal(SearchState.Running, during.State);
        Assert.Equal($"waiting for an evaluator serving model '{Scores.ModelName}': none connected (evaluators: http://127.0.0.1:{port}: unavailable)", during.Waiting);
        var states = updates.Where(u => u.KindCase == SearchUpdate.KindOneofCase.Search).Select(u => u.Search).ToList();
        int began = states.FindIndex(s => s.Waiting == during.Waiting);
        Assert.True(began >= 0, "a watcher was told when the wait began");
        Assert.Contains(states.Skip(began + 1), s => s.State == SearchState.Running && s.Waiting.Length == 0);
        Requests.AssertSame(expected, updates[^1].Result);
        Assert.Equal(SearchState.Completed, after.State);
        Assert.Empty(after.Waiting);
        Assert.NotEmpty(second.Answered);
        // Every candidate was scored by one of them, and nothing else.
        Assert.Equal(expected.History.Select(c => c.Candidate.ToString()).Order(StringComparer.Ordinal), first.Answered.Concat(second.Answered).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CancelSearch_WhileWaitingForAnEvaluator_CancelledAndItsQueuedCandidatesLeave()
    {
        await using var doomed = await SyntheticEvaluatorServer.StartAsync("eval-doomed", capacity: 2);
        doomed.KillAfter = 1;
        await using var controller = await TestController.StartAsync([doomed.Address]);
        var pool = controller.Services.GetRequiredService<EvaluatorPool>();
        await Patience.UntilAsync(() => pool.AvailableCount == 1, "the evaluator joined");
        await controller.Client.CreateSearchAsync(Requests.Small("abandoned"));
        await Patience.UntilAsync(async () => (await GetAsync(controller, "abandoned")).Waiting.Length > 0, "the search said it waits");
        int queued = pool.QueueDepth;

        var cancelled = await controller.Client.CancelSearchAsync(new CancelSearchRequest { Name = "searches/abandoned" }, deadline: DateTime.UtcNow + Patience.Limit);
        await Patience.UntilAsync(() => pool.QueueDepth == 0, "the cancelled search's candidates left the queue");

        Assert.True(queued > 0, "candidates were waiting");
        Assert.Equal(SearchState.Cancelled, cancelled.State);
        Assert.Empty(cancelled.Waiting);
    }

    [Fact]
    public async Task CancelSearch_CandidatesRunningOnTheEvaluator_AsksTheEvaluatorToStopEachAndItsSlotsServeTheNextSearch()
    {
        await using var evaluator = await SyntheticEvaluatorServer.StartAsync("eval-busy", capacity: 2);
        evaluator.Gate.Hold();
        await using var controller = await TestController.StartAsync([evaluator.Address]);
        await controller.Client.CreateSearchAsync(Requests.Small("stopped"));
        await Patience.UntilAsync(() => evaluator.Received.Count == 2, "two candidates run on the evaluator");

        var cancelled = await controller.Client.CancelSearchAsync(new CancelSearchRequest { Name = "searches/stopped" }, deadline: DateTime.UtcNow + Patience.Limit);
        await Patience.UntilAsync(() => evaluator.CancelRequests.Count == 2, "the evaluator was asked to stop both candidates");
        evaluator.Gate.Open();
        var next = Requests.Small("next");
        var expected = await Requests.ReferenceAsync(next);
        await controller.Client.CreateSearchAsync(next);
        var updates = await controller.WatchAsync("next");

        Assert.Equal(SearchState.Cancelled, cancelled.State);
        Requests.AssertSame(expected, updates[^1].Result);
    }

    private static async Task<Contracts.Controller.V1.Search> GetAsync(TestController controller, string id) =>
        await controller.Client.GetSearchAsync(new GetSearchRequest { Name = "searches/" + id });

    [Fact]
    public async Task Search_EvaluatorFailsTransiently_TakenOutThenRejoinsWhenHealthyAndTheResultIsUnchanged()
    {
        var request = Requests.Small("bumpy");
        var expected = await Requests.ReferenceAsync(request);
        await using var flaky = await SyntheticEvaluatorServer.StartAsync("eval-flaky", capacity: 2, delay: TimeSpan.FromMilliseconds(5));
        flaky.TransientFailures = 8;
        await using var controller = await TestController.StartAsync([flaky.Address]);

        await controller.Client.CreateSearchAsync(request);
        var updates = await controller.WatchAsync("bumpy");

        Requests.AssertSame(expected, updates[^1].Result);
        Assert.Equal(0, flaky.TransientFailures);
        Assert.True(flaky.Streams >= 2, $"the breaker should have reset the stream and the evaluator rejoined ({flaky.Streams} streams)");
        // Every candidate was scored; a reset stream may also have carried answers the controller never read
        // (at most its capacity), whose candidates were scored again.
        var scored = flaky.Answered.Count - 8;
        Assert.InRange(scored, expected.History.Count, expected.History.Count + (flaky.Streams - 1) * flaky.Capacity);
        Assert.Subset(flaky.Answered.ToHashSet(), expected.History.Select(c => c.Candidate.ToString()).ToHashSet());
    }

    [Fact]
    public async Task Search_EvaluatorWithOtherWeightsJoinsMidSearch_GetsNoCandidates()
    {
        var request = Requests.Small("pure");
        var expected = await Requests.ReferenceAsync(request);
        await using var right = await SyntheticEvaluatorServer.StartAsync("eval-right");
        await using var wrong = await SyntheticEvaluatorServer.StartAsync("eval-wrong", checksum: "sha256:retrained");
        await using var controller = await TestController.StartAsync([right.Address]);
        var pool = controller.Services.GetRequiredService<EvaluatorPool>();
        await Patience.UntilAsync(() => pool.AvailableCount == 1, "the right evaluator joined");

        // The right evaluator holds its candidates while the wrong one joins: work is waiting when it is available.
        right.Gate.Hold();
        await controller.Client.CreateSearchAsync(request);
        await Patience.UntilAsync(() => right.Received.Count == right.Capacity, "the right evaluator got its first candidates");
        pool.SetAddresses("late", [wrong.Address]);
        await Patience.UntilAsync(() => pool.AvailableCount == 2, "the wrong evaluator joined");
        right.Gate.Open();
        var updates = await controller.WatchAsync("pure");

        Requests.AssertSame(expected, updates[^1].Result);
        Assert.Equal(2, pool.AvailableCount);
        Assert.Empty(wrong.Received);
    }

    [Fact]
    public async Task Search_OnlyEvaluatorHangsOnACandidate_DeadlineResetsItsStreamAndTheSearchFinishes()
    {
        var request = Requests.Small("unstuck");
        var expected = await Requests.ReferenceAsync(request);
        await using var stuck = await SyntheticEvaluatorServer.StartAsync("eval-stuck", capacity: 1, delay: TimeSpan.FromMilliseconds(2));
        stuck.Hangs = 1;
        // A candidate's deadline passes only when the test expires it.
        var clock = new DeadlineClock(TimeSpan.FromMinutes(1));
        await using var controller = await TestController.StartAsync([stuck.Address], settings: ["--Controller:CallTimeout=00:01:00"],
            configure: b => b.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        var pool = controller.Services.GetRequiredService<EvaluatorPool>();
        await Patience.UntilAsync(() => pool.AvailableCount == 1, "the evaluator joined");

        // The only slot holds a candidate the evaluator never answers; its deadline is the only one running.
        await controller.Client.CreateSearchAsync(request);
        await stuck.Hung.WaitAsync(Patience.Limit);
        await Patience.UntilAsync(() => clock.Armed == 1, "the hanging candidate's deadline was set");
        clock.Expire();
        var updates = await controller.WatchAsync("unstuck");

        Requests.AssertSame(expected, updates[^1].Result);
        Assert.Equal(2, stuck.Streams);
        Assert.Equal(1, stuck.MaxOutstanding);
        Assert.Equal(expected.History.Count + 1, stuck.Received.Count);
        Assert.Equal(expected.History.Count, stuck.Answered.Count);
    }
}
