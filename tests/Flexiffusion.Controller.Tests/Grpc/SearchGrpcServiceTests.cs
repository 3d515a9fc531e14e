using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Contracts.Errors;
using Flexiffusion.Controller.Tests.TestSupport;
using Grpc.Core;

namespace Flexiffusion.Controller.Tests.Grpc;

/// <summary>The SearchService over real gRPC, on the real host, with one synthetic evaluator.</summary>
public sealed class SearchGrpcServiceTests : IAsyncLifetime
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
        var started = await _controller.Client.CreateSearchAsync(request);
        var updates = await _controller.WatchAsync("watched", release: _evaluator.Gate);

        Assert.Equal("searches/watched", started.Name);
        Assert.Equal(Requests.Small("watched").Search.Spec.Evolution.PopulationSize, started.Spec.Evolution.PopulationSize);
        Assert.Contains(started.State, new[] { SearchState.Pending, SearchState.Running });
        Assert.Equal(SearchUpdate.KindOneofCase.Search, updates[0].KindCase);
        Assert.Equal(SearchUpdate.KindOneofCase.Result, updates[^1].KindCase);
        Assert.Equal(SearchState.Completed, updates[^2].Search.State);
        Requests.AssertSame(expected, updates[^1].Result);
        var progress = updates.Where(u => u.KindCase == SearchUpdate.KindOneofCase.Progress).Select(u => u.Progress).ToList();
        Assert.NotEmpty(progress);
        Assert.All(progress, p => Assert.Equal("eval-a", p.Candidate.EvaluatorId));
        Assert.All(progress, p => Assert.Equal(p.Candidate.Rfid / 100, p.Candidate.Kid, 12));
        Assert.Equal([0, 1, 2, 3], updates.Where(u => u.KindCase == SearchUpdate.KindOneofCase.Generation).Select(u => u.Generation.Generation));
        var status = await _controller.Client.GetSearchAsync(new GetSearchRequest { Name = "searches/watched" });
        Assert.Equal(SearchState.Completed, status.State);
        Requests.AssertSame(expected, status.Result);
        Assert.Equal(4, status.GenerationsDone);
        Assert.True(status.UpdateTime.ToDateTimeOffset() >= status.CreateTime.ToDateTimeOffset());
    }

    [Theory]
    [InlineData("population", "search.spec.evolution.population_size", "must be ≥ 1 (got -1)")]
    [InlineData("objective", "search.spec.evolution.objective", "unknown value 7 (expected single or pareto)")]
    [InlineData("sampler", "search.spec.evaluation.sampler", "unknown value 9 (expected ddim, ddpm, plms, dpm-solver++)")]
    [InlineData("budget", "search.spec.budget", "a single-objective search needs a compute budget")]
    [InlineData("segments", "search.spec.space.segment_counts", "5 does not divide the teacher's 12 steps")]
    [InlineData("branch", "search.spec.space.branches", "branch 7 is not in the cost table")]
    [InlineData("model", "search.spec.evaluation.model", "no model 'sdxl' (served: synthetic)")]
    [InlineData("id", "search_id", "'a b' is not an id")]
    [InlineData("huge-population", "search.spec.evolution.population_size", "at most 1000 (got 2000000000; this controller's limit MaxPopulation)")]
    [InlineData("huge-generations", "search.spec.evolution.generations", "at most 1000 (got 1000000000; this controller's limit MaxGenerations)")]
    [InlineData("huge-images", "search.spec.evaluation.images", "at most 10000 (got 10000000; this controller's limit MaxImages)")]
    public async Task CreateSearch_InvalidField_InvalidArgumentWithABadRequestNamingTheField(string change, string field, string reason)
    {
        var request = Requests.Small();
        var spec = request.Search.Spec;
        switch (change)
        {
            case "population": spec.Evolution.PopulationSize = -1; break;
            case "objective": spec.Evolution.Objective = (Objective)7; break;
            case "sampler": spec.Evaluation.Sampler = (Contracts.Common.V1.Sampler)9; break;
            case "budget": spec.Budget = null; break;
            case "segments": spec.Space = new() { SegmentCounts = { 5 } }; break;
            case "branch": spec.Space = new() { Branches = { 0, 7 } }; break;
            case "model": spec.Evaluation.Model = "sdxl"; break;
            case "id": request.SearchId = "a b"; break;
            case "huge-population": spec.Evolution.PopulationSize = 2_000_000_000; break;
            case "huge-generations": spec.Evolution.Generations = 1_000_000_000; break;
            case "huge-images": spec.Evaluation.Images = 10_000_000; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () => await _controller.Client.CreateSearchAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith($"{field}: {reason}", error.Status.Detail, StringComparison.Ordinal);
        var violation = FieldViolations.First(error);
        Assert.NotNull(violation);
        Assert.Equal(field, violation.Value.Field);
        Assert.StartsWith(reason, violation.Value.Reason, StringComparison.Ordinal);
        Assert.Empty((await _controller.Client.ListSearchesAsync(new ListSearchesRequest())).Searches);
    }

    [Fact]
    public async Task CreateSearch_MessageOverTheSizeLimit_ResourceExhaustedAndNothingStarts()
    {
        var request = Requests.Small(new string('x', 2 << 20));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await _controller.Client.CreateSearchAsync(request));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Empty((await _controller.Client.ListSearchesAsync(new ListSearchesRequest())).Searches);
    }

    [Fact]
    public async Task Calls_UnknownSearch_NotFound()
    {
        var get = await Assert.ThrowsAsync<RpcException>(async () => await _controller.Client.GetSearchAsync(new GetSearchRequest { Name = "searches/ghost" }));
        var cancel = await Assert.ThrowsAsync<RpcException>(async () => await _controller.Client.CancelSearchAsync(new CancelSearchRequest { Name = "searches/ghost" }));
        var resume = await Assert.ThrowsAsync<RpcException>(async () => await _controller.Client.ResumeSearchAsync(new ResumeSearchRequest { Name = "searches/ghost" }));
        var delete = await Assert.ThrowsAsync<RpcException>(async () => await _controller.Client.DeleteSearchAsync(new DeleteSearchRequest { Name = "searches/ghost" }));
        var watch = await Assert.ThrowsAsync<RpcException>(() => _controller.WatchAsync("ghost"));

        Assert.All(new[] { get, cancel, resume, delete, watch }, e => Assert.Equal(StatusCode.NotFound, e.StatusCode));
        Assert.Equal("no search 'ghost'", get.Status.Detail);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ghost")]
    [InlineData("searches/")]
    [InlineData("projects/p/searches/ghost")]
    public async Task Calls_MalformedName_InvalidArgumentNamingName(string name)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _controller.Client.GetSearchAsync(new GetSearchRequest { Name = name }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("name", FieldViolations.First(error)?.Field);
    }

    [Fact]
    public async Task CreateSearch_SameIdAndSpecTwice_ReturnsTheExistingSearch_AnotherSpecIsAlreadyExists()
    {
        var first = await _controller.Client.CreateSearchAsync(Requests.Small("once"));
        var second = await _controller.Client.CreateSearchAsync(Requests.Small("once"));
        var other = await Assert.ThrowsAsync<RpcException>(async () => await _controller.Client.CreateSearchAsync(Requests.Small("once", seed: 99)));
        await _controller.WatchAsync("once");

        var list = await _controller.Client.ListSearchesAsync(new ListSearchesRequest());

        Assert.Equal(first.CreateTime, second.CreateTime);
        Assert.Equal(StatusCode.AlreadyExists, other.StatusCode);
        Assert.Equal("searches/once", Assert.Single(list.Searches).Name);
    }

    [Fact]
    public async Task ListSearches_PagesNewestFirstAndFiltersByState()
    {
        foreach (string id in new[] { "p1", "p2", "p3" })
        {
            await _controller.Client.CreateSearchAsync(Requests.Small(id));
            await _controller.WatchAsync(id);
        }
        _evaluator.Gate.Hold();
        await _controller.Client.CreateSearchAsync(Uncached(Requests.Small("p4")));

        var first = await _controller.Client.ListSearchesAsync(new ListSearchesRequest { PageSize = 2 });
        var second = await _controller.Client.ListSearchesAsync(new ListSearchesRequest { PageSize = 2, PageToken = first.NextPageToken });
        var completed = await _controller.Client.ListSearchesAsync(new ListSearchesRequest { State = SearchState.Completed });
        var badToken = await Assert.ThrowsAsync<RpcException>(async () =>
            await _controller.Client.ListSearchesAsync(new ListSearchesRequest { PageSize = 2, PageToken = first.NextPageToken, State = SearchState.Failed }));
        _evaluator.Gate.Open();
        await _controller.WatchAsync("p4");

        Assert.Equal(["searches/p4", "searches/p3"], first.Searches.Select(s => s.Name));
        Assert.Equal(["searches/p2", "searches/p1"], second.Searches.Select(s => s.Name));
        Assert.Equal("", second.NextPageToken);
        Assert.Equal(["searches/p3", "searches/p2", "searches/p1"], completed.Searches.Select(s => s.Name));
        Assert.Equal("page_token", FieldViolations.First(badToken)?.Field);
    }

    [Fact]
    public async Task DeleteSearch_Finished_IsGone_Running_IsFailedPrecondition()
    {
        await _controller.Client.CreateSearchAsync(Requests.Small("done"));
        await _controller.WatchAsync("done");
        _evaluator.Gate.Hold();
        await _controller.Client.CreateSearchAsync(Uncached(Requests.Small("busy")));

        await _controller.Client.DeleteSearchAsync(new DeleteSearchRequest { Name = "searches/done" });
        var running = await Assert.ThrowsAsync<RpcException>(async () => await _controller.Client.DeleteSearchAsync(new DeleteSearchRequest { Name = "searches/busy" }));
        var gone = await Assert.ThrowsAsync<RpcException>(async () => await _controller.Client.GetSearchAsync(new GetSearchRequest { Name = "searches/done" }));
        _evaluator.Gate.Open();
        await _controller.WatchAsync("busy");
        var again = await _controller.Client.CreateSearchAsync(Requests.Small("done", seed: 99));

        Assert.Equal(StatusCode.FailedPrecondition, running.StatusCode);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        Assert.Equal("searches/done", again.Name);
    }

    [Fact]
    public async Task CancelSearch_ThenResumeSearch_CompletesWithTheEngineResult()
    {
        var request = Requests.Small("paused");
        var expected = await Requests.ReferenceAsync(request);
        _evaluator.Gate.Hold();
        await _controller.Client.CreateSearchAsync(request);

        var cancelled = await _controller.Client.CancelSearchAsync(new CancelSearchRequest { Name = "searches/paused" });
        _evaluator.Gate.Open();
        var resumed = await _controller.Client.ResumeSearchAsync(new ResumeSearchRequest { Name = "searches/paused" });
        var updates = await _controller.WatchAsync("paused");

        Assert.Equal(SearchState.Cancelled, cancelled.State);
        Assert.Contains(resumed.State, new[] { SearchState.Pending, SearchState.Running });
        Requests.AssertSame(expected, updates[^1].Result);
        var again = await Assert.ThrowsAsync<RpcException>(async () => await _controller.Client.ResumeSearchAsync(new ResumeSearchRequest { Name = "searches/paused" }));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task StartSearch_EvaluatorRejectsCandidates_SearchFailsWithTheEvaluatorsReason()
    {
        _evaluator.Reject = true;

        await _controller.Client.CreateSearchAsync(Requests.Small("rejected"));
        var updates = await _controller.WatchAsync("rejected");

        var last = updates[^1].Search;
        Assert.Equal(SearchState.Failed, last.State);
        Assert.Contains($"evaluator {_evaluator.Address} rejected candidate", last.Error, StringComparison.Ordinal);
        Assert.Contains("cannot evaluate", last.Error, StringComparison.Ordinal);
        Assert.Equal(_evaluator.Received.Count, _evaluator.Received.Distinct().Count());
    }

    /// <summary>A noise seed no other search of the test used: no score of it is in the candidate cache, so it waits for the evaluator.</summary>
    private static CreateSearchRequest Uncached(CreateSearchRequest request)
    {
        request.Search.Spec.Evaluation.NoiseSeed = 4242;
        return request;
    }
}
