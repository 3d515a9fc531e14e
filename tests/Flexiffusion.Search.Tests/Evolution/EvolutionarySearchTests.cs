using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Events;
using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Space;
using Flexiffusion.Search.Tests.TestSupport;

namespace Flexiffusion.Search.Tests.Evolution;

public sealed class EvolutionarySearchTests
{
    private static readonly ComputeBudget ThreeTimes = ComputeBudget.AtLeastSpeedup(3);

    private static async Task<SearchResult> RunAsync(SearchRequest request, IFitnessEvaluator? evaluator = null,
        ICandidateCache? cache = null, ISearchObserver? observer = null, SearchSnapshot? resume = null) =>
        await new EvolutionarySearch(request, evaluator ?? new LandscapeEvaluator(Landscapes.Error), cache, observer).RunAsync(resume);

    private static ScoredCandidate BruteForceBest(SearchRequest request)
    {
        var model = new CostModel(request.Costs);
        return Landscapes.Enumerate(request.Space)
            .Select(c => new ScoredCandidate(c, model.Evaluate(c), Landscapes.Error(c), 0))
            .Where(c => request.Budget.Allows(c.Cost))
            .OrderBy(c => c.Score).ThenBy(c => c.Cost.Macs).ThenBy(c => c.Text, StringComparer.Ordinal)
            .First();
    }

    private static void AssertSameSearch(SearchResult expected, SearchResult actual)
    {
        Assert.Equal(expected.History.Select(h => (h.Text, h.Score, h.Generation)), actual.History.Select(h => (h.Text, h.Score, h.Generation)));
        Assert.Equal(expected.Best.Text, actual.Best.Text);
        Assert.Equal(expected.Front.Select(f => f.Text), actual.Front.Select(f => f.Text));
        Assert.Equal(expected.Generations, actual.Generations);
    }

    [Fact]
    public async Task RunAsync_SyntheticLandscape_FindsBruteForceOptimumUnderBudget()
    {
        var space = SearchSpace.Create(24, [0, 1, 2, 3], segmentCounts: [2, 3, 4]);
        var request = Landscapes.Request(space, ThreeTimes, options: new EvolutionOptions { Generations = 20 });
        var optimum = BruteForceBest(request);

        var result = await RunAsync(request);

        Assert.Equal(optimum.Text, result.Best.Text);
        Assert.Equal(optimum.Score, result.Best.Score);
        Assert.True(result.Best.Generation > 0, "evolution, not the random first population, should find it");
        Assert.True(result.History.Count * 50 < Landscapes.Enumerate(request.Space).Count, "the search should score under 2% of the space");
    }

    [Fact]
    public async Task RunAsync_UnequalSegments_FindsBruteForceOptimumUnderBudget()
    {
        var request = Landscapes.Request(Landscapes.SmallSpace(12, unequal: true), ThreeTimes, options: new EvolutionOptions { Generations = 20 });
        var optimum = BruteForceBest(request);

        var result = await RunAsync(request);

        Assert.Equal(optimum.Score, result.Best.Score);
        Assert.True(result.Best.Generation > 0, "evolution, not the random first population, should find it");
        Assert.Contains(result.History, h => !h.Candidate.HasEqualSegments);
    }

    [Fact]
    public async Task RunAsync_EveryScoredCandidate_IsInsideSpaceAndBudgetAndScoredOnce()
    {
        var request = Landscapes.Request(Landscapes.SmallSpace(24, unequal: true), ComputeBudget.AtLeastSpeedup(4), seed: 3);
        var evaluator = new LandscapeEvaluator(Landscapes.Error);

        var result = await RunAsync(request, evaluator);

        var model = new CostModel(request.Costs);
        Assert.All(result.History, h =>
        {
            Assert.Null(request.Space.Explain(h.Candidate));
            Assert.True(request.Budget.Allows(model.Evaluate(h.Candidate)), h.Text);
        });
        Assert.All(evaluator.Calls.Values, n => Assert.Equal(1, n));
        Assert.Equal(result.History.Count, evaluator.Evaluations);
        Assert.Equal(result.History.Count, result.History.Select(h => h.Candidate).Distinct().Count());
        Assert.Equal(10, result.Generations);
        Assert.Equal(10, evaluator.Batches);
    }

    [Fact]
    public async Task RunAsync_GenerationSizes_FollowPopulationAndChildCounts()
    {
        var options = new EvolutionOptions { PopulationSize = 20, MutationChildren = 7, CrossoverChildren = 5, Generations = 4 };
        var request = Landscapes.Request(Landscapes.SmallSpace(24), ThreeTimes, options: options);

        var result = await RunAsync(request);

        var perGeneration = result.History.GroupBy(h => h.Generation).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        Assert.Equal([20, 12, 12, 12], perGeneration);
    }

    [Fact]
    public async Task RunAsync_WithKnownScheduleSeeding_IsNeverWorseThanBestSeed()
    {
        var space = Landscapes.SmallSpace(24, unequal: true);
        var request = Landscapes.Request(space, ThreeTimes, options: new EvolutionOptions { Seeding = ScheduleSeeding.All, Generations = 3 });
        var model = new CostModel(request.Costs);
        var seeds = KnownSchedules.For(space, ScheduleSeeding.All).Where(c => request.Budget.Allows(model.Evaluate(c))).ToList();

        var result = await RunAsync(request);

        Assert.NotEmpty(seeds);
        Assert.All(seeds, s => Assert.Contains(result.History, h => h.Candidate.Equals(s) && h.Generation == 0));
        Assert.True(result.Best.Score <= seeds.Min(Landscapes.Error));
    }

    [Fact]
    public async Task RunAsync_SmallPopulationUnderBudget_SeedsTheCostliestFittingScheduleOfEveryFamily()
    {
        // 24 positions at 3x: DDIM-k fits up to k = 8, the quadratic placement too, whatever k divides.
        var space = Landscapes.SmallSpace(24, unequal: true);
        var request = Landscapes.Request(space, ThreeTimes, options: new EvolutionOptions
        {
            Seeding = ScheduleSeeding.All, PopulationSize = 4, ParentCount = 2, MutationChildren = 2, CrossoverChildren = 2, Generations = 1,
        });
        var model = new CostModel(request.Costs);
        var known = KnownSchedules.Named(space, ScheduleSeeding.All).Where(k => request.Budget.Allows(model.Evaluate(k.Candidate))).ToList();
        var costliest = known.GroupBy(k => k.Family).Select(g => g.MaxBy(k => model.Evaluate(k.Candidate).Macs)!.Candidate).ToList();

        var result = await RunAsync(request);

        Assert.Equal(4, costliest.Count);
        Assert.Contains(KnownSchedules.StepReduction(24, 8), costliest);
        Assert.Equal(costliest.ToHashSet(), result.History.Select(h => h.Candidate).ToHashSet());
    }

    [Fact]
    public async Task RunAsync_ShuffledCompletionOrderAndParallelEvaluators_GiveTheSameSearch()
    {
        var request = Landscapes.Request(Landscapes.SmallSpace(24, unequal: true), ThreeTimes, options: new EvolutionOptions { Generations = 5, Objective = SearchObjective.Pareto });

        var inOrder = await RunAsync(request, new LandscapeEvaluator(Landscapes.Error));
        var reversed = await RunAsync(request, new LandscapeEvaluator(Landscapes.Error, reverse: true));
        var shuffled = await RunAsync(request, new LandscapeEvaluator(Landscapes.Error, shuffleSeed: 99));
        var parallel = await RunAsync(request, new LandscapeEvaluator(Landscapes.Error, workers: 4));

        AssertSameSearch(inOrder, reversed);
        AssertSameSearch(inOrder, shuffled);
        AssertSameSearch(inOrder, parallel);
    }

    [Fact]
    public async Task RunAsync_DifferentSeed_ExploresDifferently()
    {
        var space = Landscapes.SmallSpace(24);
        var a = await RunAsync(Landscapes.Request(space, ThreeTimes, seed: 1));
        var b = await RunAsync(Landscapes.Request(space, ThreeTimes, seed: 2));

        Assert.NotEqual(a.History.Select(h => h.Text), b.History.Select(h => h.Text));
    }

    [Theory]
    [InlineData(SearchObjective.Single)]
    [InlineData(SearchObjective.Pareto)]
    public async Task RunAsync_ResumedFromEveryGenerationsSnapshot_EndsExactlyLikeUninterrupted(SearchObjective objective)
    {
        var request = Landscapes.Request(Landscapes.SmallSpace(24, unequal: true), ThreeTimes,
            options: new EvolutionOptions { Generations = 6, Objective = objective, Seeding = ScheduleSeeding.All });
        var observer = new RecordingObserver();
        var uninterrupted = await RunAsync(request, observer: observer);
        var snapshots = observer.Events.OfType<GenerationFinished>().Select(e => e.Snapshot).ToList();
        Assert.Equal(6, snapshots.Count);

        foreach (var snapshot in snapshots)
        {
            var evaluator = new LandscapeEvaluator(Landscapes.Error, workers: 3);
            var resumed = await RunAsync(request, evaluator, resume: SearchSnapshot.FromJson(snapshot.ToJson()));

            AssertSameSearch(uninterrupted, resumed);
            Assert.Equal(uninterrupted.History.Count(h => h.Generation >= snapshot.CompletedGenerations), evaluator.Evaluations);
        }
    }

    [Fact]
    public async Task RunAsync_SnapshotOfAnotherRequest_IsRefused()
    {
        var space = Landscapes.SmallSpace(24);
        var observer = new RecordingObserver();
        await RunAsync(Landscapes.Request(space, ThreeTimes, seed: 1, options: new EvolutionOptions { Generations = 2 }), observer: observer);
        var snapshot = observer.Events.OfType<GenerationFinished>().First().Snapshot;

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            RunAsync(Landscapes.Request(space, ThreeTimes, seed: 2, options: new EvolutionOptions { Generations = 2 }), resume: snapshot));

        Assert.Contains("different search request", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SecondRunWithSharedCache_EvaluatesNothingAndGivesTheSameResult()
    {
        var request = Landscapes.Request(Landscapes.SmallSpace(24), ThreeTimes, options: new EvolutionOptions { Generations = 4 });
        var cache = new InMemoryCandidateCache();
        var first = await RunAsync(request, cache: cache);

        var evaluator = new LandscapeEvaluator(Landscapes.Error);
        var second = await RunAsync(request, evaluator, cache);

        AssertSameSearch(first, second);
        Assert.Equal(0, evaluator.Evaluations);
        Assert.Equal(first.History.Count, second.CacheHits);
        Assert.Equal(first.History.Count, first.Evaluations);
    }

    [Fact]
    public async Task RunAsync_FailingCache_ReportsItOnceAndCompletesTheSameSearch()
    {
        var request = Landscapes.Request(Landscapes.SmallSpace(24), ThreeTimes, options: new EvolutionOptions { Generations = 3 });
        var observer = new RecordingObserver();
        var expected = await RunAsync(request);

        var result = await RunAsync(request, cache: new BrokenCache(), observer: observer);

        AssertSameSearch(expected, result);
        var warning = Assert.Single(observer.Events.OfType<CacheUnavailable>());
        Assert.Contains("connection refused", warning.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Events_ComeInOrderWithConsistentCounts()
    {
        var request = Landscapes.Request(Landscapes.SmallSpace(24), ThreeTimes, options: new EvolutionOptions { Generations = 3 });
        var observer = new RecordingObserver();

        var result = await RunAsync(request, observer: observer);

        var events = observer.Events;
        for (int g = 0; g < 3; g++)
        {
            var ofGeneration = events.Where(e => e.Generation == g).ToList();
            var started = Assert.IsType<GenerationStarted>(ofGeneration[0]);
            var finished = Assert.IsType<GenerationFinished>(ofGeneration[^1]);
            var scored = ofGeneration.OfType<CandidateScored>().ToList();
            Assert.Equal(ofGeneration.Count - 2, scored.Count);
            Assert.Equal(started.Candidates, scored.Count);
            Assert.Equal(started.ToEvaluate, scored.Count(s => !s.FromCache));
            Assert.Equal(g + 1, finished.Snapshot.CompletedGenerations);
            Assert.Equal(result.History.Count(h => h.Generation <= g), finished.Snapshot.Evaluated.Count);
            Assert.True(finished.Best.Score <= scored.Min(s => s.Candidate.Score));
        }
        Assert.Equal(result.Best.Text, events.OfType<GenerationFinished>().Last().Best.Text);
    }

    [Fact]
    public async Task RunAsync_ParetoObjective_ReturnsTheNonDominatedSetOfEverythingScored()
    {
        var request = Landscapes.Request(Landscapes.SmallSpace(24), ComputeBudget.None,
            options: new EvolutionOptions { Objective = SearchObjective.Pareto, Generations = 8 });

        var result = await RunAsync(request);

        var front = result.Front;
        Assert.True(front.Count >= 5, $"front of {front.Count}");
        Assert.All(front, f => Assert.DoesNotContain(result.History, h => ParetoFront.Dominates(h, f, CostMetric.Macs)));
        Assert.All(result.History.Except(front), h => Assert.Contains(front, f => ParetoFront.Dominates(f, h, CostMetric.Macs)));
        Assert.Equal(front.OrderBy(f => f.Cost.Macs).Select(f => f.Text), front.Select(f => f.Text));
        Assert.Contains(front, f => f.Cost.MacSpeedup >= 6);
    }

    [Fact]
    public async Task RunAsync_SpaceSmallerThanPopulation_ScoresEveryCandidateOnceAndStops()
    {
        var space = SearchSpace.Create(4, [0, 1], segmentCounts: [2, 4]);
        var request = new SearchRequest(space, Landscapes.SmallCosts, ComputeBudget.None,
            new EvolutionOptions { Objective = SearchObjective.Pareto, AttemptsPerChild = 20 }, 5);
        var all = Landscapes.Enumerate(space);

        var result = await RunAsync(request);

        Assert.Equal(all.Count, result.History.Count);
        Assert.Equal(all.ToHashSet(), result.History.Select(h => h.Candidate).ToHashSet());
        Assert.True(result.Generations < 10);
    }

    [Fact]
    public async Task RunAsync_EvaluatorReturnsUnaskedCandidate_Throws()
    {
        var request = Landscapes.Request(Landscapes.SmallSpace(24), ThreeTimes);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(request, new WrongEvaluator()));

        Assert.Contains("not asked for", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_SingleObjectiveWithoutBudget_NamesBudget()
    {
        var request = Landscapes.Request(Landscapes.SmallSpace(24), ComputeBudget.None);

        var error = Assert.ThrowsAny<ArgumentException>(() => new EvolutionarySearch(request, new LandscapeEvaluator(Landscapes.Error)));

        Assert.Equal("budget", error.ParamName);
    }

    [Fact]
    public void Constructor_BudgetNoCandidateMeets_NamesBudgetAndTheCheapestCost()
    {
        var space = SearchSpace.Create(24, [0, 1], segmentCounts: [6, 8], minInterval: 2);
        var request = Landscapes.Request(space, ComputeBudget.AtLeastSpeedup(5));

        var error = Assert.ThrowsAny<ArgumentException>(() => new EvolutionarySearch(request, new LandscapeEvaluator(Landscapes.Error)));

        Assert.Equal("budget", error.ParamName);
        Assert.Contains("cheapest costs 66", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BranchOutsideCostTable_NamesBranches()
    {
        var space = SearchSpace.Create(24, [0, 4]);

        var error = Assert.ThrowsAny<ArgumentException>(() => new EvolutionarySearch(Landscapes.Request(space, ThreeTimes), new LandscapeEvaluator(Landscapes.Error)));

        Assert.Equal("space.branches", error.ParamName);
    }

    [Fact]
    public void Constructor_LatencyBudgetWithoutLatencies_NamesBudget()
    {
        var request = Landscapes.Request(Landscapes.SmallSpace(24), ComputeBudget.AtLeastSpeedup(2, CostMetric.Latency));

        var error = Assert.ThrowsAny<ArgumentException>(() => new EvolutionarySearch(request, new LandscapeEvaluator(Landscapes.Error)));

        Assert.Equal("budget", error.ParamName);
    }

    [Fact]
    public async Task RunAsync_LatencyBudget_ConstrainsPredictedLatencyNotMacs()
    {
        // On this imagined device partial steps are relatively cheaper in time than in MACs
        // (the full step is bound by its deep, wide layers), so a 3x latency budget admits
        // candidates that are under 3x in MACs.
        var costs = new CostTable(10, [1, 2, 4, 7], fullLatencyMs: 10, partialLatencyMs: [0.5, 1, 1.5, 2]);
        var request = new SearchRequest(Landscapes.SmallSpace(24), costs, ComputeBudget.AtLeastSpeedup(3, CostMetric.Latency), new EvolutionOptions { Generations = 4 }, 11);

        var result = await RunAsync(request);

        Assert.All(result.History, h => Assert.True(h.Cost.LatencySpeedup >= 3 - 1e-9, h.Text));
        Assert.Contains(result.History, h => h.Cost.MacSpeedup < 3);
    }

    private sealed class BrokenCache : ICandidateCache
    {
        public ValueTask<IReadOnlyDictionary<Candidate, CandidateEvaluation>> GetManyAsync(IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken) =>
            throw new IOException("connection refused");

        public ValueTask SetAsync(CandidateEvaluation evaluation, CancellationToken cancellationToken) =>
            throw new IOException("connection refused");
    }

    private sealed class WrongEvaluator : IFitnessEvaluator
    {
        public async IAsyncEnumerable<CandidateEvaluation> EvaluateAsync(IReadOnlyList<Candidate> batch, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return new CandidateEvaluation(KnownSchedules.StepReduction(batch[0].TeacherSteps, batch[0].TeacherSteps), 0);
        }
    }
}
