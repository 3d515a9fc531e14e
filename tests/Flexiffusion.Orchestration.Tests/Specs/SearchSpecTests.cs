using Flexiffusion.Orchestration.Specs;
using Flexiffusion.Orchestration.Tests.TestSupport;
using Flexiffusion.Search;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Orchestration.Tests.Specs;

public sealed class SearchSpecTests
{
    private static readonly SearchSpec Valid = Synthetic.Spec();

    public static TheoryData<string, string, string> InvalidSpecs => new()
    {
        { "population", "evolution.population_size", "evolution.population_size: must be ≥ 1 (got 0)" },
        { "generations", "evolution.generations", "evolution.generations: must be ≥ 1 (got -2)" },
        { "probability", "evolution.mutation_probability", "evolution.mutation_probability: must be between 0 and 1 (got 2)" },
        { "no-children", "evolution.mutation_children", "evolution.mutation_children: with evolution.crossover_children 0 there are no children after the first generation" },
        { "sampler", "evaluation.sampler", "evaluation.sampler: unknown sampler 'euler' (expected ddim, ddpm, plms, dpm-solver++)" },
        { "teacher", "evaluation.teacher_steps", "evaluation.teacher_steps: must be between 1 and 1000 (got 0)" },
        { "counts", "space.segment_counts", "space.segment_counts: 5 does not divide the teacher's 12 steps (enable unequal segments, or use a divisor)" },
        { "max-interval", "space.max_interval", "space.max_interval: must be ≥ space.min_interval (3) (got 2)" },
        { "branches", "space.branches", "space.branches: lists a branch twice" },
        { "speedup", "budget.min_mac_speedup", "budget.min_mac_speedup: must be ≥ 1 (got 0.5)" },
        { "max-macs", "budget.max_macs", "budget.max_macs: must be positive and finite (got -1)" },
        { "both-limits", "budget", "budget: give one limit, not a speed-up and a cost" },
        { "null-branches", "space.branches", "space.branches: is missing" },
        { "null-counts", "space.segment_counts", "space.segment_counts: is missing" },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public void Validate_InvalidValue_NamesTheContractField(string change, string field, string message)
    {
        var spec = Change(Valid, change);

        var error = Assert.Throws<FieldException>(spec.Validate);

        Assert.Equal(field, error.ParamName);
        Assert.Equal(message, error.Message);
        Assert.IsAssignableFrom<ArgumentException>(error);
    }

    [Theory]
    [InlineData("unknown-branch", "space.branches", "branch 4 is not in the cost table")]
    [InlineData("no-budget", "budget", "a single-objective search needs a compute budget")]
    [InlineData("impossible", "budget", "no candidate of the space fits")]
    [InlineData("latency", "budget", "a latency budget needs measured latencies")]
    public void ToRequest_SpecThatDoesNotFitTheModel_NamesTheContractField(string change, string field, string fragment)
    {
        var spec = Change(Valid, change);

        var error = Assert.Throws<FieldException>(() => spec.ToRequest(Synthetic.Model));

        Assert.Equal(field, error.ParamName);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToRequest_DefaultSpace_UsesEveryBranchOfTheModelAndTheTeacherSteps()
    {
        var request = Valid.ToRequest(Synthetic.Model);

        Assert.Equal([0, 1, 2, 3], request.Space.Branches.ToArray());
        Assert.Equal(12, request.Space.TeacherSteps);
        Assert.Equal([1, 2, 3, 4, 6, 12], request.Space.SegmentCounts.ToArray());
        Assert.Equal(Synthetic.Model.Costs, request.Costs);
        Assert.Equal(2, request.Budget.MinSpeedup);
        Assert.Equal(Valid.Seed, request.Seed);
    }

    [Fact]
    public void ToRequest_ExplicitSpace_KeepsEveryLimit()
    {
        var spec = Valid with
        {
            Space = new SpaceSettings { SegmentCounts = [3, 4], Branches = [1, 2], MinInterval = 2, MaxInterval = 3 },
            Budget = new BudgetSettings { MaxCost = 80 },
        };

        var request = spec.ToRequest(Synthetic.Model);

        Assert.Equal([3, 4], request.Space.SegmentCounts.ToArray());
        Assert.Equal([1, 2], request.Space.Branches.ToArray());
        Assert.Equal(2, request.Space.MinInterval);
        Assert.Equal(3, request.Space.MaxInterval);
        Assert.Equal(80, request.Budget.MaxCost);
    }

    private static SearchSpec Change(SearchSpec spec, string change) => change switch
    {
        "population" => spec with { Evolution = spec.Evolution with { PopulationSize = 0 } },
        "generations" => spec with { Evolution = spec.Evolution with { Generations = -2 } },
        "probability" => spec with { Evolution = spec.Evolution with { MutationProbability = 2 } },
        "no-children" => spec with { Evolution = spec.Evolution with { MutationChildren = 0, CrossoverChildren = 0 } },
        "sampler" => spec with { Evaluation = spec.Evaluation with { Sampler = "euler" } },
        "teacher" => spec with { Evaluation = spec.Evaluation with { TeacherSteps = 0 } },
        "counts" => spec with { Space = new SpaceSettings { SegmentCounts = [4, 5] } },
        "max-interval" => spec with { Space = new SpaceSettings { MinInterval = 3, MaxInterval = 2 } },
        "branches" => spec with { Space = new SpaceSettings { Branches = [1, 1] } },
        "null-branches" => spec with { Space = new SpaceSettings { Branches = null! } },
        "null-counts" => spec with { Space = new SpaceSettings { SegmentCounts = null! } },
        "speedup" => spec with { Budget = new BudgetSettings { MinSpeedup = 0.5 } },
        "max-macs" => spec with { Budget = new BudgetSettings { MaxCost = -1 } },
        "both-limits" => spec with { Budget = new BudgetSettings { MinSpeedup = 2, MaxCost = 10 } },
        "unknown-branch" => spec with { Space = new SpaceSettings { Branches = [0, 4] } },
        "no-budget" => spec with { Budget = new BudgetSettings() },
        "impossible" => spec with { Budget = new BudgetSettings { MinSpeedup = 1000 } },
        "latency" => spec with { Budget = new BudgetSettings { MinSpeedup = 2, Metric = CostMetric.Latency } },
        "pareto" => spec with { Budget = new BudgetSettings(), Evolution = spec.Evolution with { Objective = SearchObjective.Pareto } },
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
    };

    [Fact]
    public void ToRequest_ParetoWithoutBudget_IsValid()
    {
        var request = Change(Valid, "pareto").ToRequest(Synthetic.Model);

        Assert.False(request.Budget.IsConstrained);
    }
}
