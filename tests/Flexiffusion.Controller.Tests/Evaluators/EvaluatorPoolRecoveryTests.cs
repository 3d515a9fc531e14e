using Flexiffusion.Controller.Evaluators;
using Flexiffusion.Controller.Tests.TestSupport;
using Flexiffusion.Testing;
using Microsoft.Extensions.DependencyInjection;

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
        await using var controller = await TestController.StartAsync([$"http://127.0.0.1:{port}"]);

        var start = controller.Client.StartSearchAsync(request).ResponseAsync;
        await Task.Delay(500);
        Assert.False(start.IsCompleted);
        await using var late = await SyntheticEvaluatorServer.StartAsync("eval-late", port: port);
        await start;
        var updates = await controller.WatchAsync("patient");

        Requests.AssertSame(expected, updates[^1].Result);
        Assert.Equal(expected.History.Count, late.Answered.Count);
    }

    [Fact]
    public async Task Search_EvaluatorFailsTransiently_TakenOutThenRejoinsWhenHealthyAndTheResultIsUnchanged()
    {
        var request = Requests.Small("bumpy");
        var expected = await Requests.ReferenceAsync(request);
        await using var flaky = await SyntheticEvaluatorServer.StartAsync("eval-flaky", capacity: 2, delay: TimeSpan.FromMilliseconds(5));
        flaky.TransientFailures = 8;
        await using var controller = await TestController.StartAsync([flaky.Address]);

        await controller.Client.StartSearchAsync(request);
        var updates = await controller.WatchAsync("bumpy");

        Requests.AssertSame(expected, updates[^1].Result);
        Assert.Equal(0, flaky.TransientFailures);
        Assert.True(flaky.Streams >= 2, $"the breaker should have reset the stream and the evaluator rejoined ({flaky.Streams} streams)");
        Assert.Equal(expected.History.Count, flaky.Answered.Count - 8);
    }

    [Fact]
    public async Task Search_EvaluatorWithOtherWeightsJoinsMidSearch_GetsNoCandidates()
    {
        var request = Requests.Small("pure");
        var expected = await Requests.ReferenceAsync(request);
        await using var right = await SyntheticEvaluatorServer.StartAsync("eval-right", delay: TimeSpan.FromMilliseconds(20));
        await using var wrong = await SyntheticEvaluatorServer.StartAsync("eval-wrong", delay: TimeSpan.FromMilliseconds(1), checksum: "sha256:retrained");
        await using var controller = await TestController.StartAsync([right.Address]);
        var pool = controller.Services.GetRequiredService<EvaluatorPool>();

        await controller.Client.StartSearchAsync(request);
        pool.SetAddresses("late", [wrong.Address]);
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
        await using var controller = await TestController.StartAsync([stuck.Address], settings: ["--Controller:CallTimeout=00:00:00.500"]);

        await controller.Client.StartSearchAsync(request);
        var updates = await controller.WatchAsync("unstuck");

        Requests.AssertSame(expected, updates[^1].Result);
        Assert.Equal(2, stuck.Streams);
        Assert.Equal(1, stuck.MaxOutstanding);
        Assert.Equal(expected.History.Count + 1, stuck.Received.Count);
        Assert.Equal(expected.History.Count, stuck.Answered.Count);
    }
}
