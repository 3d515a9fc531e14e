using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Controller.Tests.TestSupport;
using Grpc.Core;

namespace Flexiffusion.Controller.Tests.Grpc;

/// <summary>The Controller service over real gRPC, on the real host, with one synthetic evaluator.</summary>
public sealed class ControllerServiceTests : IAsyncLifetime
{
    private SyntheticEvaluatorServer _evaluator = null!;
    private TestController _controller = null!;

    public async Task InitializeAsync()
    {
        _evaluator = await SyntheticEvaluatorServer.StartAsync("eval-a");
        _controller = await TestController.StartAsync([_evaluator.Address]);
    }

    public async Task DisposeAsync()
    {
        await _controller.DisposeAsync();
        await _evaluator.DisposeAsync();
    }

    [Fact]
    public async Task StartSearch_WatchedToTheEnd_StateFirstThenProgressThenTheEngineResult()
    {
        var request = Requests.Small("watched");
        var expected = await Requests.ReferenceAsync(request);

        _evaluator.Gate.Hold();
        var started = await _controller.Client.StartSearchAsync(request);
        var updates = await _controller.WatchAsync(started.SearchId, release: _evaluator.Gate);

        Assert.Equal("watched", started.SearchId);
        Assert.Contains(started.State, new[] { SearchState.Pending, SearchState.Running });
        Assert.Equal(SearchUpdate.KindOneofCase.State, updates[0].KindCase);
        Assert.Equal(SearchUpdate.KindOneofCase.Result, updates[^1].KindCase);
        Assert.Equal(SearchState.Completed, updates[^2].State.State);
        Requests.AssertSame(expected, updates[^1].Result);
        var progress = updates.Where(u => u.KindCase == SearchUpdate.KindOneofCase.Progress).Select(u => u.Progress).ToList();
        Assert.NotEmpty(progress);
        Assert.All(progress, p => Assert.Equal("eval-a", p.Candidate.EvaluatorId));
        Assert.All(progress, p => Assert.Equal(p.Candidate.Rfid / 100, p.Candidate.Kid, 12));
        Assert.Equal([0, 1, 2, 3], updates.Where(u => u.KindCase == SearchUpdate.KindOneofCase.Generation).Select(u => u.Generation.Generation));
        var status = await _controller.Client.GetSearchAsync(new GetSearchRequest { SearchId = "watched" });
        Assert.Equal(SearchState.Completed, status.State);
        Requests.AssertSame(expected, status.Result);
        Assert.Equal(4, status.GenerationsDone);
        Assert.True(status.Updated.ToDateTimeOffset() >= status.Created.ToDateTimeOffset());
    }

    [Theory]
    [InlineData("population", "evolution.population_size: must be ≥ 1 (got -1)")]
    [InlineData("objective", "evolution.objective: must be single or pareto (got 'best')")]
    [InlineData("sampler", "evaluation.sampler: unknown sampler 'euler'")]
    [InlineData("budget", "budget: a single-objective search needs a compute budget")]
    [InlineData("segments", "space.segment_counts: 5 does not divide the teacher's 12 steps")]
    [InlineData("branch", "space.branches: branch 7 is not in the cost table")]
    [InlineData("model", "evaluation.model: no model 'sdxl' (served: synthetic)")]
    [InlineData("id", "search_id: 'a b' is not an id")]
    public async Task StartSearch_InvalidField_InvalidArgumentNamingTheField(string change, string detail)
    {
        var request = Requests.Small();
        switch (change)
        {
            case "population": request.Evolution.PopulationSize = -1; break;
            case "objective": request.Evolution.Objective = "best"; break;
            case "sampler": request.Evaluation.Sampler = "euler"; break;
            case "budget": request.Budget = null; break;
            case "segments": request.Space = new() { SegmentCounts = { 5 } }; break;
            case "branch": request.Space = new() { Branches = { 0, 7 } }; break;
            case "model": request.Evaluation.Model = "sdxl"; break;
            case "id": request.SearchId = "a b"; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () => await _controller.Client.StartSearchAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(detail, error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await _controller.Client.ListSearchesAsync(new ListSearchesRequest())).Searches);
    }

    [Fact]
    public async Task Calls_UnknownSearchId_NotFound()
    {
        var get = await Assert.ThrowsAsync<RpcException>(async () => await _controller.Client.GetSearchAsync(new GetSearchRequest { SearchId = "ghost" }));
        var cancel = await Assert.ThrowsAsync<RpcException>(async () => await _controller.Client.CancelSearchAsync(new CancelSearchRequest { SearchId = "ghost" }));
        var resume = await Assert.ThrowsAsync<RpcException>(async () => await _controller.Client.ResumeSearchAsync(new ResumeSearchRequest { SearchId = "ghost" }));
        var watch = await Assert.ThrowsAsync<RpcException>(() => _controller.WatchAsync("ghost"));

        Assert.All(new[] { get, cancel, resume, watch }, e => Assert.Equal(StatusCode.NotFound, e.StatusCode));
        Assert.Equal("no search 'ghost'", get.Status.Detail);
    }

    [Fact]
    public async Task StartSearch_SameIdTwice_ReturnsTheExistingSearch()
    {
        var first = await _controller.Client.StartSearchAsync(Requests.Small("once"));
        var second = await _controller.Client.StartSearchAsync(Requests.Small("once", seed: 99));
        await _controller.WatchAsync("once");

        var list = await _controller.Client.ListSearchesAsync(new ListSearchesRequest());

        Assert.Equal(first.Created, second.Created);
        Assert.Equal("once", Assert.Single(list.Searches).SearchId);
    }

    [Fact]
    public async Task CancelSearch_ThenResumeSearch_CompletesWithTheEngineResult()
    {
        var request = Requests.Small("paused");
        var expected = await Requests.ReferenceAsync(request);
        _evaluator.Gate.Hold();
        await _controller.Client.StartSearchAsync(request);

        var cancelled = await _controller.Client.CancelSearchAsync(new CancelSearchRequest { SearchId = "paused" });
        _evaluator.Gate.Open();
        var resumed = await _controller.Client.ResumeSearchAsync(new ResumeSearchRequest { SearchId = "paused" });
        var updates = await _controller.WatchAsync("paused");

        Assert.Equal(SearchState.Cancelled, cancelled.State);
        Assert.Contains(resumed.State, new[] { SearchState.Pending, SearchState.Running });
        Requests.AssertSame(expected, updates[^1].Result);
        var again = await Assert.ThrowsAsync<RpcException>(async () => await _controller.Client.ResumeSearchAsync(new ResumeSearchRequest { SearchId = "paused" }));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task StartSearch_EvaluatorRejectsCandidates_SearchFailsWithTheEvaluatorsReason()
    {
        _evaluator.Reject = true;

        await _controller.Client.StartSearchAsync(Requests.Small("rejected"));
        var updates = await _controller.WatchAsync("rejected");

        var last = updates[^1].State;
        Assert.Equal(SearchState.Failed, last.State);
        Assert.Contains($"evaluator {_evaluator.Address} rejected candidate", last.Error, StringComparison.Ordinal);
        Assert.Contains("cannot evaluate", last.Error, StringComparison.Ordinal);
        Assert.Equal(_evaluator.Received.Count, _evaluator.Received.Distinct().Count());
    }
}
