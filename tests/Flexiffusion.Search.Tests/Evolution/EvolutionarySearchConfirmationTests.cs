using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Events;
using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Space;
using Flexiffusion.Search.Tests.TestSupport;

namespace Flexiffusion.Search.Tests.Evolution;

public sealed class EvolutionarySearchConfirmationTests
{
    private static readonly ComputeBudget ThreeTimes = ComputeBudget.AtLeastSpeedup(3);

    /// <summary>The landscape on "fresh noise": the same error plus a deterministic per-candidate wobble, so ranks change.</summary>
    private static double FreshNoise(Candidate candidate) =>
        Landscapes.Error(candidate) * (1 + 0.3 * ((uint)StringComparer.Ordinal.GetHashCode(candidate.ToString()) % 1000 / 1000.0 - 0.5));

    private static SearchRequest Request(int finalists = 3, ScheduleSeeding seeding = ScheduleSeeding.All) =>
        Landscapes.Request(Landscapes.SmallSpace(24, unequal: true), ThreeTimes, options: new EvolutionOptions
        {
            Seeding = seeding, PopulationSize = 10, ParentCount = 4, MutationChildren = 5, CrossoverChildren = 5, Generations = 3, Finalists = finalists,
        });

    private static FinalistScoring Fresh(LandscapeEvaluator? evaluator = null, ICandidateCache? cache = null) =>
        new(evaluator ?? new LandscapeEvaluator(FreshNoise), cache, "fresh noise");

    [Fact]
    public async Task RunAsync_WithFinalists_AnswerIsTheBestFinalistOnFreshNoiseAndNeverWorseThanTheBestBaseline()
    {
        var request = Request();
        var known = KnownSchedules.Named(request.Space, ScheduleSeeding.All).ToDictionary(k => k.Candidate, k => k.Name);

        var result = await new EvolutionarySearch(request, new LandscapeEvaluator(Landscapes.Error), finalists: Fresh()).RunAsync();

        var confirmation = Assert.IsType<Confirmation>(result.Confirmation);
        Assert.Equal("fresh noise", confirmation.Settings);
        Assert.All(confirmation.Finalists, f => Assert.Equal(FreshNoise(f.Searched.Candidate), f.Score));
        Assert.Equal(confirmation.Finalists.Min(f => f.Score), confirmation.Best.Score);
        Assert.Same(confirmation.Best.Searched, result.Answer);
        // The three best of the search, then the best scored baseline of every family.
        var ranked = result.History.OrderBy(h => h.Score).ThenBy(h => h.Cost.Macs).ThenBy(h => h.Text, StringComparer.Ordinal).ToList();
        Assert.All(ranked.Take(3), h => Assert.Contains(confirmation.Finalists, f => f.Searched == h));
        var bestSeeded = ranked.First(h => known.ContainsKey(h.Candidate));
        Assert.Contains(confirmation.Finalists, f => f.Searched == bestSeeded && f.Baseline == known[bestSeeded.Candidate]);
        var bestBaseline = Assert.IsType<ConfirmedCandidate>(confirmation.BestBaseline);
        Assert.Equal(confirmation.Finalists.Where(f => f.Baseline is not null).Min(f => f.Score), bestBaseline.Score);
        Assert.Equal(bestBaseline.Score - confirmation.Best.Score, confirmation.Margin);
        Assert.True(confirmation.Margin >= 0);
    }

    [Fact]
    public async Task RunAsync_WithSeeding_ReportsTheBestSeededBaselineAndTheMarginOnTheSearchNoise()
    {
        var request = Request(finalists: 0);
        var known = KnownSchedules.Named(request.Space, ScheduleSeeding.All).ToDictionary(k => k.Candidate, k => k.Name);

        var result = await new EvolutionarySearch(request, new LandscapeEvaluator(Landscapes.Error)).RunAsync();

        var baseline = Assert.IsType<BaselineComparison>(result.Baseline);
        var seeded = result.History.Where(h => known.ContainsKey(h.Candidate)).ToList();
        Assert.Equal(seeded.Min(h => h.Score), baseline.Baseline.Score);
        Assert.Equal(known[baseline.Baseline.Candidate], baseline.Name);
        Assert.Equal(baseline.Baseline.Score - result.Best.Score, baseline.Margin);
        Assert.Null(result.Confirmation);
        Assert.Same(result.Best, result.Answer);
    }

    [Fact]
    public async Task RunAsync_WithoutSeeding_HasNoBaseline()
    {
        var result = await new EvolutionarySearch(Request(finalists: 2, seeding: ScheduleSeeding.None), new LandscapeEvaluator(Landscapes.Error), finalists: Fresh()).RunAsync();

        Assert.Null(result.Baseline);
        Assert.Null(Assert.IsType<Confirmation>(result.Confirmation).BestBaseline);
        Assert.Null(result.Confirmation.Margin);
        Assert.Equal(2, result.Confirmation.Finalists.Count);
    }

    [Fact]
    public async Task RunAsync_FromTheConfirmedSnapshot_ScoresNothingAndGivesTheSameAnswer()
    {
        var request = Request();
        var observer = new RecordingObserver();
        var first = await new EvolutionarySearch(request, new LandscapeEvaluator(Landscapes.Error), observer: observer, finalists: Fresh()).RunAsync();
        var confirmed = Assert.Single(observer.Events.OfType<FinalistsConfirmed>());
        var snapshot = SearchSnapshot.FromJson(confirmed.Snapshot.ToJson());
        var idle = new LandscapeEvaluator(Landscapes.Error);
        var idleFinalists = new LandscapeEvaluator(FreshNoise);

        var resumed = await new EvolutionarySearch(request, idle, finalists: Fresh(idleFinalists)).RunAsync(snapshot);
        var rebuilt = EvolutionarySearch.ResultFrom(request, snapshot, 0, 0, "fresh noise");

        Assert.Equal(0, idle.Evaluations + idleFinalists.Evaluations);
        Assert.Equal(first.Confirmation!.Finalists.Count, snapshot.Confirmed.Count);
        foreach (var other in new[] { resumed, rebuilt })
        {
            Assert.Equal(first.Answer.Text, other.Answer.Text);
            Assert.Equal(first.Confirmation.Finalists.Select(f => (f.Searched.Text, f.Score, f.Baseline)),
                other.Confirmation!.Finalists.Select(f => (f.Searched.Text, f.Score, f.Baseline)));
            Assert.Equal(first.Baseline!.Name, other.Baseline!.Name);
            Assert.Equal(first.Baseline.Margin, other.Baseline.Margin);
        }
    }

    [Fact]
    public async Task HistoryOf_MidSearchSnapshotOfARequestWithFinalists_IsEverythingScoredSoFar()
    {
        var request = Request();
        var observer = new RecordingObserver();
        await new EvolutionarySearch(request, new LandscapeEvaluator(Landscapes.Error), observer: observer, finalists: Fresh()).RunAsync();
        var first = observer.Events.OfType<GenerationFinished>().First();

        var history = EvolutionarySearch.HistoryOf(request, SearchSnapshot.FromJson(first.Snapshot.ToJson()));

        Assert.Equal(first.Snapshot.Evaluated.Select(e => e.Candidate), history.Select(h => h.Text));
    }

    [Fact]
    public async Task RunAsync_FinalistScoresInTheCache_AreNotEvaluatedAgain()
    {
        var request = Request();
        var cache = new InMemoryCandidateCache();
        await new EvolutionarySearch(request, new LandscapeEvaluator(Landscapes.Error), finalists: Fresh(cache: cache)).RunAsync();
        var again = new LandscapeEvaluator(FreshNoise);

        var result = await new EvolutionarySearch(request, new LandscapeEvaluator(Landscapes.Error), finalists: Fresh(again, cache)).RunAsync();

        Assert.Equal(0, again.Evaluations);
        Assert.NotNull(result.Confirmation);
    }

    /// <summary>Ten replicates per finalist: its fresh score with a per-candidate wobble, so wins are not unanimous.</summary>
    private static IReadOnlyList<double> FreshReplicates(Candidate candidate)
    {
        uint hash = (uint)StringComparer.Ordinal.GetHashCode(candidate.ToString());
        return [.. Enumerable.Range(0, 10).Select(r => FreshNoise(candidate) * (1 + 0.5 * (((hash >> r) & 1) - 0.5)))];
    }

    [Fact]
    public async Task RunAsync_WithReplicates_AnswersWithAChallengerOnlyWhenItWinsTheirTestAndASnapshotKeepsThem()
    {
        var request = Request();
        var observer = new RecordingObserver();
        var fresh = new LandscapeEvaluator(FreshNoise) { Replicates = FreshReplicates };

        var result = await new EvolutionarySearch(request, new LandscapeEvaluator(Landscapes.Error), observer: observer,
            finalists: new FinalistScoring(fresh, null, "fresh noise", Bootstrap: 10)).RunAsync();

        var confirmation = Assert.IsType<Confirmation>(result.Confirmation);
        Assert.All(confirmation.Finalists, f => Assert.Equal(FreshReplicates(f.Searched.Candidate), f.Bootstrap));
        var baseline = Assert.IsType<ConfirmedCandidate>(confirmation.BestBaseline);
        var expected = confirmation.Finalists
            .TakeWhile(f => f != baseline)
            .FirstOrDefault(f => f.Baseline is null && f.Score < baseline.Score
                && f.Bootstrap.Zip(baseline.Bootstrap).Count(p => p.First < p.Second) >= Confirmation.Confidence * 10) ?? baseline;
        Assert.Same(expected, confirmation.Best);
        Assert.Same(expected.Searched, result.Answer);

        var snapshot = SearchSnapshot.FromJson(Assert.Single(observer.Events.OfType<FinalistsConfirmed>()).Snapshot.ToJson());
        var rebuilt = EvolutionarySearch.ResultFrom(request, snapshot, 0, 0, "fresh noise");
        Assert.Equal(confirmation.Finalists.Select(f => f.Bootstrap), rebuilt.Confirmation!.Finalists.Select(f => f.Bootstrap));
        Assert.Equal(result.Answer.Text, rebuilt.Answer.Text);
    }

    [Fact]
    public async Task RunAsync_CachedFinalistScoresWithoutReplicates_AreEvaluatedAgainWhenReplicatesAreAsked()
    {
        var request = Request();
        var cache = new InMemoryCandidateCache();
        await new EvolutionarySearch(request, new LandscapeEvaluator(Landscapes.Error), finalists: Fresh(cache: cache)).RunAsync();
        var again = new LandscapeEvaluator(FreshNoise) { Replicates = FreshReplicates };

        var result = await new EvolutionarySearch(request, new LandscapeEvaluator(Landscapes.Error),
            finalists: new FinalistScoring(again, cache, "fresh noise", Bootstrap: 10)).RunAsync();

        Assert.Equal(result.Confirmation!.Finalists.Count, again.Evaluations);
        Assert.All(result.Confirmation.Finalists, f => Assert.Equal(10, f.Bootstrap.Count));
    }

    [Theory]
    [InlineData(5, new[] { 0, 1, 2, 3, 4 })]
    [InlineData(20, new[] { 0, 3, 6, 9, 12, 15, 18, 1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17, 19 })]
    public void Spread_EightPicksSpanTheListThenTheRestInOrder(int count, int[] expected)
    {
        Assert.Equal(expected, EvolutionarySearch.Spread(Enumerable.Range(0, count).ToList()));
    }

    [Fact]
    public void Constructor_FinalistsWithoutAnEvaluatorForThem_Throws()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new EvolutionarySearch(Request(), new LandscapeEvaluator(Landscapes.Error)));

        Assert.Contains("Finalists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FinalistsWithParetoObjective_NamesFinalists()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new EvolutionOptions { Objective = SearchObjective.Pareto, Finalists = 2 }.Validate());

        Assert.Equal("evolution.finalists", error.ParamName);
    }
}
