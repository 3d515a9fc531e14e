using System.Net;
using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Controller.Evaluators;
using Flexiffusion.Controller.Tests.TestSupport;
using Flexiffusion.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Flexiffusion.Controller.Tests.Evaluators;

/// <summary>The distributed evaluator client, through the real controller and real gRPC evaluators.</summary>
public sealed class EvaluatorPoolTests
{
    [Fact]
    public async Task Search_TwoEvaluators_SpreadsWorkAndEndsLikeOneEvaluator()
    {
        var request = Requests.Small("spread");
        var expected = await Requests.ReferenceAsync(request);
        await using var a = await SyntheticEvaluatorServer.StartAsync("eval-a");
        await using var b = await SyntheticEvaluatorServer.StartAsync("eval-b");
        await using var lone = await SyntheticEvaluatorServer.StartAsync("eval-lone");
        await using var pair = await TestController.StartAsync([a.Address, b.Address]);
        await using var single = await TestController.StartAsync([lone.Address]);
        await WaitUntilAsync(() => pair.Services.GetRequiredService<EvaluatorPool>().AvailableCount == 2, "both evaluators joined");

        // Both are available from the first batch on, and each has free slots for it.
        await pair.Client.CreateSearchAsync(request);
        await single.Client.CreateSearchAsync(request);
        var two = (await pair.WatchAsync("spread"))[^1].Result;
        var one = (await single.WatchAsync("spread"))[^1].Result;

        Requests.AssertSame(expected, two);
        Requests.AssertSame(expected, one);
        Assert.Equal(WithoutWhoAndWhen(one).ToString(), WithoutWhoAndWhen(two).ToString());
        Assert.NotEmpty(a.Answered);
        Assert.NotEmpty(b.Answered);
        Assert.Equal(expected.History.Count, a.Answered.Count + b.Answered.Count);
        Assert.Empty(a.Answered.Intersect(b.Answered));
    }

    [Fact]
    public async Task Search_EvaluatorKilledMidSearch_ItsInFlightCandidatesGoElsewhereAndTheResultIsUnchanged()
    {
        var request = Requests.Small("survives");
        var expected = await Requests.ReferenceAsync(request);
        await using var doomed = await SyntheticEvaluatorServer.StartAsync("eval-doomed", capacity: 2, delay: TimeSpan.FromMilliseconds(5));
        await using var steady = await SyntheticEvaluatorServer.StartAsync("eval-steady", capacity: 2, delay: TimeSpan.FromMilliseconds(5));
        doomed.KillAfter = 6;
        await using var controller = await TestController.StartAsync([doomed.Address, steady.Address]);
        var pool = controller.Services.GetRequiredService<EvaluatorPool>();
        await WaitUntilAsync(() => pool.AvailableCount == 2, "both evaluators joined");

        // The steady one holds its first two candidates, so the rest of the first generation (at least six) goes
        // to the doomed one, which is killed on receiving its sixth: that one is never answered.
        steady.Gate.Hold();
        await controller.Client.CreateSearchAsync(request);
        await WaitUntilAsync(() => doomed.Received.Count == doomed.KillAfter, "the doomed evaluator was killed");
        steady.Gate.Open();
        var updates = await controller.WatchAsync("survives");

        Requests.AssertSame(expected, updates[^1].Result);
        var lost = doomed.Received.Except(doomed.Answered).ToList();
        Assert.NotEmpty(lost);
        Assert.All(lost, c => Assert.Contains(c, steady.Answered));
        // An answer the doomed one wrote just before dying may never have reached the controller: its candidate
        // was scored again, by the steady one (at most the doomed one's capacity of them).
        int answered = doomed.Answered.Count + steady.Answered.Count;
        Assert.InRange(answered, expected.History.Count, expected.History.Count + doomed.Capacity);
        Assert.Subset(doomed.Answered.Concat(steady.Answered).ToHashSet(), expected.History.Select(c => c.Candidate.ToString()).ToHashSet());
    }

    [Fact]
    public async Task Search_StalledEvaluator_GetsNoMoreThanItsCapacityWhileTheOtherTakesTheRest()
    {
        var request = Requests.Small("uneven", population: 16, children: 8);
        var expected = await Requests.ReferenceAsync(request);
        int firstGeneration = expected.History.Count(c => c.Generation == 0);
        await using var fast = await SyntheticEvaluatorServer.StartAsync("eval-fast", capacity: 2);
        await using var slow = await SyntheticEvaluatorServer.StartAsync("eval-slow", capacity: 2);
        await using var controller = await TestController.StartAsync([fast.Address, slow.Address]);
        var pool = controller.Services.GetRequiredService<EvaluatorPool>();
        await WaitUntilAsync(() => pool.AvailableCount == 2, "both evaluators joined");

        // The slow evaluator, at its slowest: it holds what it gets until released. Nothing else of the first
        // generation may wait for it: all of that goes to the other one.
        slow.Gate.Hold();
        await controller.Client.CreateSearchAsync(request);
        await WaitUntilAsync(() => fast.Answered.Count + slow.Received.Count >= firstGeneration, "the first generation was answered or is held");
        var (fastAnswered, slowReceived, slowAnswered) = (fast.Answered.Count, slow.Received.Count, slow.Answered.Count);
        slow.Gate.Open();
        var updates = await controller.WatchAsync("uneven");

        Assert.Equal(firstGeneration - slow.Capacity, fastAnswered);
        Assert.Equal((slow.Capacity, 0), (slowReceived, slowAnswered));
        Requests.AssertSame(expected, updates[^1].Result);
        Assert.Equal(expected.History.Count, fast.Answered.Count + slow.Answered.Count);
    }

    [Fact]
    public async Task Search_ManyCandidates_NeverMoreOutstandingThanTheCapacity()
    {
        await using var a = await SyntheticEvaluatorServer.StartAsync("eval-a", capacity: 2, delay: TimeSpan.FromMilliseconds(5));
        await using var b = await SyntheticEvaluatorServer.StartAsync("eval-b", capacity: 3, delay: TimeSpan.FromMilliseconds(5));
        await using var controller = await TestController.StartAsync([a.Address, b.Address]);
        await WaitUntilAsync(() => controller.Services.GetRequiredService<EvaluatorPool>().AvailableCount == 2, "both evaluators joined");

        // Both held until each has as many candidates as it can take: then dozens more wait for their slots.
        a.Gate.Hold();
        b.Gate.Hold();
        await controller.Client.CreateSearchAsync(Requests.Small("busy", population: 24, children: 12));
        await controller.Client.CreateSearchAsync(Requests.Small("busier", seed: 6, population: 24, children: 12));
        await WaitUntilAsync(() => a.Received.Count >= a.Capacity && b.Received.Count >= b.Capacity, "both evaluators are full");
        a.Gate.Open();
        b.Gate.Open();
        await controller.WatchAsync("busy");
        await controller.WatchAsync("busier");

        Assert.Equal(2, a.MaxOutstanding);
        Assert.Equal(3, b.MaxOutstanding);
        Assert.Equal(0, a.Refused + b.Refused);
    }

    [Fact]
    public async Task StartSearch_EvaluatorsServeDifferentWeights_FailedPreconditionNamingBoth()
    {
        await using var a = await SyntheticEvaluatorServer.StartAsync("eval-a", checksum: "sha256:one");
        await using var b = await SyntheticEvaluatorServer.StartAsync("eval-b", checksum: "sha256:two");
        await using var controller = await TestController.StartAsync([a.Address, b.Address]);
        await WaitUntilAsync(() => controller.Services.GetRequiredService<EvaluatorPool>().AvailableCount == 2, "both evaluators joined");

        var error = await Assert.ThrowsAsync<RpcException>(async () => await controller.Client.CreateSearchAsync(Requests.Small()));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("evaluators disagree", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("sha256:one", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("sha256:two", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discovery_DnsAnswerChanges_NewAddressesJoinAndVanishedOnesLeave()
    {
        await using var evaluator = await SyntheticEvaluatorServer.StartAsync("eval-dns");
        int port = new Uri(evaluator.Address).Port;
        var resolver = new SwitchableResolver { Addresses = [IPAddress.Loopback] };
        await using var controller = await TestController.StartAsync([], settings: [$"--Controller:EvaluatorDns=evaluators.test:{port}", "--Controller:DnsRefresh=00:00:01"],
            configure: b => b.Services.Replace(ServiceDescriptor.Singleton<IEvaluatorAddressResolver>(resolver)));
        var pool = controller.Services.GetRequiredService<EvaluatorPool>();

        await WaitUntilAsync(() => pool.Addresses.Count == 1, "the resolved evaluator joined");
        Assert.Equal($"http://127.0.0.1:{port}", pool.Addresses[0]);
        await controller.Client.CreateSearchAsync(Requests.Small("via-dns"));
        Assert.Equal(SearchUpdate.KindOneofCase.Result, (await controller.WatchAsync("via-dns"))[^1].KindCase);

        resolver.Addresses = [];
        await WaitUntilAsync(() => pool.Addresses.Count == 0, "the vanished evaluator left");
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => Patience.UntilAsync(condition, what);

    /// <summary>A result without what depends on which evaluator scored a candidate and how fast (the search's outcome only).</summary>
    private static Contracts.Controller.V1.SearchResult WithoutWhoAndWhen(Contracts.Controller.V1.SearchResult result)
    {
        var copy = result.Clone();
        foreach (var score in copy.Front.Append(copy.Best).Append(copy.Answer).OfType<Contracts.Common.V1.CandidateScore>())
        {
            score.EvaluatorId = "";
            score.WallSeconds = 0;
            score.ImagesPerSecond = 0;
        }
        return copy;
    }
}
