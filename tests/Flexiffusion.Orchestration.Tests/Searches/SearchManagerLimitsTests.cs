using Flexiffusion.Orchestration.Persistence;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Orchestration.Specs;
using Flexiffusion.Orchestration.Tests.TestSupport;
using Flexiffusion.Search;

namespace Flexiffusion.Orchestration.Tests.Searches;

/// <summary>Every size a request can set has a bound, checked before anything is done with it; capacity limits refuse, never degrade.</summary>
public sealed class SearchManagerLimitsTests
{
    public static TheoryData<string, string> Oversized => new()
    {
        { "population", "evolution.population_size" },
        { "parents", "evolution.parent_count" },
        { "mutations", "evolution.mutation_children" },
        { "generations", "evolution.generations" },
        { "images", "evaluation.images" },
        { "batch", "evaluation.batch_size" },
        { "teacher", "evaluation.teacher_steps" },
        { "confirm-images", "confirmation.images" },
        { "segments", "space.segment_counts" },
        { "finalists", "evolution.finalists" },
    };

    [Theory]
    [MemberData(nameof(Oversized))]
    public async Task StartAsync_SizeOverItsLimit_NamesTheFieldAndTheLimitAndStartsNothing(string change, string field)
    {
        var backend = new SyntheticBackend();
        await using var manager = new SearchManager(backend);
        var spec = Synthetic.Spec();
        spec = change switch
        {
            "population" => spec with { Evolution = spec.Evolution with { PopulationSize = 2_000_000_000 } },
            "parents" => spec with { Evolution = spec.Evolution with { ParentCount = 1001 } },
            "mutations" => spec with { Evolution = spec.Evolution with { MutationChildren = 1_000_000 } },
            "generations" => spec with { Evolution = spec.Evolution with { Generations = 1_000_000_000 } },
            "images" => spec with { Evaluation = spec.Evaluation with { Images = 10_000_000 } },
            "batch" => spec with { Evaluation = spec.Evaluation with { BatchSize = 1 << 20 } },
            "teacher" => spec with { Evaluation = spec.Evaluation with { TeacherSteps = 1_000_000 } },
            "confirm-images" => spec with { Confirmation = spec.Confirmation with { Images = 10_001 } },
            "segments" => spec with { Space = spec.Space with { SegmentCounts = [.. Enumerable.Range(1, 5000)] } },
            _ => spec with { Evolution = spec.Evolution with { Finalists = 65 } },
        };

        var error = await Assert.ThrowsAsync<FieldException>(() => manager.StartAsync(spec));

        Assert.Equal(field, error.Field);
        Assert.StartsWith("at most ", error.Reason, StringComparison.Ordinal);
        Assert.Contains("this controller's limit Max", error.Reason, StringComparison.Ordinal);
        Assert.Empty(manager.List());
        Assert.Equal(0, backend.EvaluatorsCreated);
    }

    [Fact]
    public async Task StartAsync_RaisedLimit_AcceptsTheSize()
    {
        await using var manager = new SearchManager(new SyntheticBackend(),
            options: new SearchManagerOptions { Limits = new RequestLimits { MaxPopulation = 5 } });
        var spec = Synthetic.Spec();

        var error = await Assert.ThrowsAsync<FieldException>(() => manager.StartAsync(spec with { Evolution = spec.Evolution with { PopulationSize = 6 } }));
        var started = await manager.StartAsync(spec with { Evolution = spec.Evolution with { PopulationSize = 5, ParentCount = 3 } });

        Assert.Equal("evolution.population_size", error.Field);
        Assert.Equal(SearchState.Completed, (await manager.WaitAsync(started.Id)).State);
    }

    [Fact]
    public async Task StartAsync_PendingSearchesAtTheLimit_RefusesOneMore()
    {
        var gate = new Gate();
        gate.HoldFrom(0);
        await using var manager = new SearchManager(new SyntheticBackend(gate),
            options: new SearchManagerOptions { MaxConcurrentSearches = 1, MaxPendingSearches = 1 });

        await manager.StartAsync(Synthetic.Spec(seed: 1), "running");
        await manager.StartAsync(Synthetic.Spec(seed: 2), "waiting");
        var refused = await Assert.ThrowsAsync<SearchCapacityException>(() => manager.StartAsync(Synthetic.Spec(seed: 3), "refused"));
        gate.Open();
        await manager.WaitAsync("waiting");
        var later = await manager.StartAsync(Synthetic.Spec(seed: 3), "later");

        Assert.Contains("the limit is 1", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["running", "waiting", "later"], manager.List().Select(s => s.Id));
        Assert.Equal(SearchState.Completed, (await manager.WaitAsync(later.Id)).State);
    }

    [Fact]
    public async Task Watch_MoreWatchersThanAllowed_RefusesTheExtraOne()
    {
        var gate = new Gate();
        gate.HoldFrom(0);
        await using var manager = new SearchManager(new SyntheticBackend(gate), options: new SearchManagerOptions { MaxWatchers = 1 });
        await manager.StartAsync(Synthetic.Spec(), "watched");

        await using var first = manager.Watch("watched").GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync());
        await using var second = manager.Watch("watched").GetAsyncEnumerator();
        var refused = await Assert.ThrowsAsync<SearchCapacityException>(async () => await second.MoveNextAsync());
        gate.Open();
        await manager.WaitAsync("watched");

        Assert.Contains("the limit is 1", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finishing_MoreFinishedSearchesThanKept_DeletesTheOldestFromMemoryAndStore()
    {
        var store = new InMemorySearchStore();
        await using var manager = new SearchManager(new SyntheticBackend(), store, options: new SearchManagerOptions { MaxFinishedSearches = 2, MaxConcurrentSearches = 1 });

        foreach (string id in new[] { "s1", "s2", "s3", "s4" })
        {
            await manager.StartAsync(Synthetic.Spec(seed: (ulong)id[1]), id);
            await manager.WaitAsync(id);
        }
        await manager.StartAsync(Synthetic.Spec(seed: 99), "s5");
        await manager.WaitAsync("s5");

        var kept = manager.List().Select(s => s.Id).ToList();
        Assert.DoesNotContain("s1", kept);
        Assert.DoesNotContain("s2", kept);
        Assert.Contains("s5", kept);
        Assert.InRange(kept.Count, 2, 3);
        Assert.Null(store.Get("s1"));
        Assert.NotNull(store.Get("s5"));
    }
}
