using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Controller.Grpc;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Evolution;
using SearchResult = Flexiffusion.Search.Evolution.SearchResult;
using Proto = Flexiffusion.Contracts.Common.V1;
using Flexiffusion.Testing;

namespace Flexiffusion.Controller.Tests.TestSupport;

/// <summary>Small search requests over the synthetic model and their expected results from the engine run directly.</summary>
public static class Requests
{
    public static ModelDescription Model { get; } = new(Scores.ModelName, "tiny", "sha256:synthetic", "sha256:extractor", Scores.Costs);

    /// <summary>A 12-step teacher, at least 2× fewer MACs, four generations of 8 candidates.</summary>
    public static CreateSearchRequest Small(string? id = null, ulong seed = 5, int population = 8, int children = 4) => new()
    {
        SearchId = id ?? "",
        Search = new Contracts.Controller.V1.Search
        {
            Spec = new SearchSpec
            {
                Seed = seed,
                Budget = new Budget { MinMacSpeedup = 2 },
                Evolution = new EvolutionSettings
                {
                    PopulationSize = population, ParentCount = 4, MutationChildren = children, CrossoverChildren = children, Generations = 4, Finalists = 0,
                    Seeding = new Seeding(),
                },
                Evaluation = new Proto.EvaluationSettings { TeacherSteps = 12, Images = 16 },
            },
        },
    };

    /// <summary>The engine's result for the request, scored in process with the same function.</summary>
    public static Task<SearchResult> ReferenceAsync(CreateSearchRequest request) =>
        new EvolutionarySearch(SpecMapping.ToDomain(request.Search.Spec).ToRequest(Model), new FunctionEvaluator()).RunAsync();

    /// <summary>Asserts that a result from the controller is the engine's result.</summary>
    public static void AssertSame(SearchResult expected, Contracts.Controller.V1.SearchResult? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Best.Text, actual.Best.Candidate);
        Assert.Equal(expected.Best.Score, actual.Best.Rfid);
        Assert.Equal(expected.Best.Cost.Macs, actual.Best.Macs);
        Assert.Equal(expected.Front.Select(f => (f.Text, f.Score)), actual.Front.Select(f => (f.Candidate, f.Rfid)));
        Assert.Equal(expected.History.Count, actual.Scored);
        Assert.Equal(expected.Generations, actual.Generations);
    }

    private sealed class FunctionEvaluator : IFitnessEvaluator
    {
        public async IAsyncEnumerable<CandidateEvaluation> EvaluateAsync(IReadOnlyList<Search.Space.Candidate> batch,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var candidate in batch)
            {
                await Task.Yield();
                yield return new CandidateEvaluation(candidate, SyntheticFitness.Error(candidate));
            }
        }
    }
}
