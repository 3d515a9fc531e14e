using Flexiffusion.Orchestration.Persistence;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Orchestration.Tests.TestSupport;
using Flexiffusion.Search;

namespace Flexiffusion.Orchestration.Tests.Searches;

public sealed class SearchManagerTests
{
    [Fact]
    public async Task StartAsync_ValidSpec_CompletesWithTheEngineResult()
    {
        var spec = Synthetic.Spec();
        var expected = await Synthetic.ReferenceAsync(spec);
        await using var manager = new SearchManager(new SyntheticBackend());

        var started = await manager.StartAsync(spec);
        var status = await manager.WaitAsync(started.Id);

        Assert.Equal(SearchState.Completed, status.State);
        Synthetic.AssertSameResult(expected, status.Result);
        Assert.Equal(expected.History.Count, status.Scored);
        Assert.Equal(expected.Generations, status.GenerationsDone);
        Assert.Equal(4, status.GenerationsTotal);
        Assert.Equal(expected.Best.Text, status.Best?.Text);
    }

    [Fact]
    public async Task StartAsync_BackendReturnsResultsInReverse_SameResult()
    {
        var spec = Synthetic.Spec(seed: 11);
        var expected = await Synthetic.ReferenceAsync(spec);
        await using var manager = new SearchManager(new SyntheticBackend(reverse: true));

        var status = await manager.WaitAsync((await manager.StartAsync(spec)).Id);

        Synthetic.AssertSameResult(expected, status.Result);
    }

    [Fact]
    public async Task StartAsync_SameIdAndSpecTwice_ReturnsTheExistingSearch_AnotherSpecIsRefused()
    {
        var backend = new SyntheticBackend();
        await using var manager = new SearchManager(backend);

        var first = await manager.StartAsync(Synthetic.Spec(), "twice");
        var second = await manager.StartAsync(Synthetic.Spec(), "twice");
        var other = await Assert.ThrowsAsync<SearchExistsException>(() => manager.StartAsync(Synthetic.Spec(seed: 99), "twice"));
        await manager.WaitAsync("twice");

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Created, second.Created);
        Assert.Equal("twice", other.Id);
        Assert.Single(manager.List());
        Assert.Equal(1, backend.EvaluatorsCreated);
    }

    [Fact]
    public async Task DeleteAsync_FinishedSearch_LeavesTheManagerAndTheStore()
    {
        var store = new InMemorySearchStore();
        await using var manager = new SearchManager(new SyntheticBackend(), store);
        await manager.StartAsync(Synthetic.Spec(), "gone");
        await manager.WaitAsync("gone");

        await manager.DeleteAsync("gone");

        Assert.Empty(manager.List());
        Assert.Null(store.Get("gone"));
        Assert.Throws<KeyNotFoundException>(() => manager.Get("gone"));
    }

    [Fact]
    public async Task StartAsync_InvalidSpec_ThrowsBeforeAnythingStarts()
    {
        var backend = new SyntheticBackend();
        var store = new InMemorySearchStore();
        await using var manager = new SearchManager(backend, store);
        var spec = Synthetic.Spec() with { Evolution = Synthetic.Spec().Evolution with { PopulationSize = 0 } };

        var error = Assert.Throws<FieldException>(() => { _ = manager.StartAsync(spec, "bad"); });

        Assert.Equal("evolution.population_size", error.ParamName);
        Assert.Equal("evolution.population_size: must be ≥ 1 (got 0)", error.Message);
        Assert.Empty(manager.List());
        Assert.Empty(await store.ListAsync(default));
        Assert.Equal(0, backend.EvaluatorsCreated);
    }

    [Fact]
    public async Task StartAsync_UnknownModel_NamesEvaluationModel()
    {
        await using var manager = new SearchManager(new SyntheticBackend());
        var spec = Synthetic.Spec() with { Evaluation = Synthetic.Spec().Evaluation with { Model = "sdxl" } };

        var error = await Assert.ThrowsAsync<FieldException>(() => manager.StartAsync(spec));

        Assert.Equal("evaluation.model", error.ParamName);
        Assert.Contains("served: synthetic", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a/b")]
    public async Task StartAsync_BadId_NamesSearchId(string id)
    {
        await using var manager = new SearchManager(new SyntheticBackend());

        var error = await Assert.ThrowsAsync<FieldException>(() => manager.StartAsync(Synthetic.Spec(), id));

        Assert.Equal("search_id", error.ParamName);
    }

    [Fact]
    public async Task Get_UnknownId_ThrowsKeyNotFound()
    {
        await using var manager = new SearchManager(new SyntheticBackend());

        Assert.Throws<KeyNotFoundException>(() => manager.Get("nope"));
        Assert.Throws<KeyNotFoundException>(() => manager.Watch("nope"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => manager.CancelAsync("nope"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => manager.ResumeAsync("nope"));
    }

    [Fact]
    public async Task StartAsync_CacheDown_CompletesWithWarning()
    {
        var spec = Synthetic.Spec();
        var expected = await Synthetic.ReferenceAsync(spec);
        await using var manager = new SearchManager(new SyntheticBackend(), caches: new ThrowingCaches());

        var status = await manager.WaitAsync((await manager.StartAsync(spec)).Id);

        Assert.Equal(SearchState.Completed, status.State);
        Synthetic.AssertSameResult(expected, status.Result);
        var warning = Assert.Single(status.Warnings);
        Assert.StartsWith("candidate cache unavailable: InvalidOperationException: cache server is down", warning, StringComparison.Ordinal);
        Assert.EndsWith("; continuing without it", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_SecondSearchSameIdentity_TakesEveryScoreFromTheCache()
    {
        var backend = new SyntheticBackend();
        await using var manager = new SearchManager(backend);
        var first = await manager.WaitAsync((await manager.StartAsync(Synthetic.Spec())).Id);
        int evaluated = backend.Evaluations;

        var second = await manager.WaitAsync((await manager.StartAsync(Synthetic.Spec())).Id);

        Assert.Equal(evaluated, backend.Evaluations);
        Assert.Equal(0, second.Result!.Evaluations);
        Assert.Equal(first.Result!.History.Count, second.Result.CacheHits);
        Synthetic.AssertSameResult(first.Result, second.Result);
    }
}
