using Flexiffusion.Orchestration.Specs;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Orchestration.Tests.TestSupport;

/// <summary>A small model, specs over it and an rFID-like fitness with known structure.</summary>
public static class Synthetic
{
    public static ModelDescription Model { get; } = new("synthetic", "tiny", "sha256:weights", "sha256:extractor", new CostTable(10, [1, 2, 4, 7]));

    /// <summary>A 12-step teacher, budget 2×, population 8, four generations.</summary>
    public static SearchSpec Spec(ulong seed = 7, int generations = 4) => new()
    {
        Budget = new BudgetSettings { MinSpeedup = 2 },
        Evolution = new EvolutionOptions { PopulationSize = 8, ParentCount = 4, MutationChildren = 4, CrossoverChildren = 4, Generations = generations },
        Evaluation = new EvaluationSettings { TeacherSteps = 12, Images = 16 },
        Seed = seed,
    };


    /// <summary>The engine run directly on the spec, without the manager.</summary>
    public static Task<SearchResult> ReferenceAsync(SearchSpec spec) =>
        new EvolutionarySearch(spec.ToRequest(Model), new SyntheticBackend().CreateEvaluator(spec.Evaluation, Model)).RunAsync();

    public static void AssertSameResult(SearchResult expected, SearchResult? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.History.Select(h => (h.Text, h.Score, h.Generation)), actual.History.Select(h => (h.Text, h.Score, h.Generation)));
        Assert.Equal(expected.Best.Text, actual.Best.Text);
        Assert.Equal(expected.Best.Score, actual.Best.Score);
        Assert.Equal(expected.Front.Select(f => f.Text), actual.Front.Select(f => f.Text));
        Assert.Equal(expected.Generations, actual.Generations);
    }
}
