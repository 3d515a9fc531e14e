using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Controller.Grpc;
using Flexiffusion.Orchestration.Specs;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evolution;
using Proto = Flexiffusion.Contracts.Common.V1;

namespace Flexiffusion.Controller.Tests.Grpc;

public sealed class SpecMappingTests
{
    [Fact]
    public void ToSpec_FinalistsAndConfirmation_AreMappedAndParetoDefaultsToNone()
    {
        var request = new StartSearchRequest
        {
            Evolution = new EvolutionSettings { Finalists = 2 },
            Confirmation = new Contracts.Controller.V1.ConfirmationSettings { Images = 32, NoiseSeed = 9, Bootstrap = 50 },
            Evaluation = new Contracts.Common.V1.EvaluationSettings { Images = 8, NoiseSeed = 3 },
        };

        var spec = SpecMapping.ToSpec(request);
        var pareto = SpecMapping.ToSpec(new StartSearchRequest { Evolution = new EvolutionSettings { Objective = "pareto" } });
        var defaults = SpecMapping.ToSpec(new StartSearchRequest { Evaluation = new Contracts.Common.V1.EvaluationSettings { Images = 8, NoiseSeed = 3 } });

        Assert.Equal(2, spec.Evolution.Finalists);
        Assert.Equal(new Orchestration.Specs.ConfirmationSettings { Images = 32, NoiseSeed = 9, Bootstrap = 50 }, spec.Confirmation);
        Assert.Equal((32, 9L, 50), (spec.Confirmation.For(spec.Evaluation).Images, spec.Confirmation.For(spec.Evaluation).NoiseSeed, spec.Confirmation.For(spec.Evaluation).Bootstrap));
        Assert.Equal(0, spec.Evaluation.Bootstrap);
        Assert.Equal(0, pareto.Evolution.Finalists);
        Assert.Equal((16, 4L), (defaults.Confirmation.For(defaults.Evaluation).Images, defaults.Confirmation.For(defaults.Evaluation).NoiseSeed));
        Assert.Equal(Orchestration.Specs.ConfirmationSettings.DefaultBootstrap, defaults.Confirmation.Bootstrap);
        Assert.Equal("16 images, noise seed 4, 200 paired bootstrap replicates", defaults.Confirmation.Describe(defaults.Evaluation));
        Assert.Equal(0, SpecMapping.ToSpec(new StartSearchRequest { Confirmation = new Contracts.Controller.V1.ConfirmationSettings { Bootstrap = 0 } }).Confirmation.Bootstrap);
    }

    [Fact]
    public void ToSpec_Reference_IsMappedAndAnUnknownOneNamesEvaluationReference()
    {
        var spec = SpecMapping.ToSpec(new StartSearchRequest { Evaluation = new Contracts.Common.V1.EvaluationSettings { Sampler = "plms", Reference = "ddim" } });
        var bad = SpecMapping.ToSpec(new StartSearchRequest { Evaluation = new Contracts.Common.V1.EvaluationSettings { Reference = "euler" } });

        Assert.Equal(("plms", "ddim"), (spec.Evaluation.Sampler, spec.Evaluation.Reference));
        Assert.Equal("ddim", spec.Confirmation.For(spec.Evaluation).Reference);
        Assert.Equal("evaluation.reference", Assert.Throws<SearchSpecException>(bad.Validate).Field);
    }

    [Fact]
    public void Validate_TooManyBootstrapReplicates_NamesConfirmationBootstrap()
    {
        var spec = SpecMapping.ToSpec(new StartSearchRequest { Confirmation = new Contracts.Controller.V1.ConfirmationSettings { Bootstrap = 1001 } });

        var error = Assert.Throws<SearchSpecException>(spec.Confirmation.Validate);

        Assert.Equal("confirmation.bootstrap", error.Field);
    }

    [Fact]
    public void ToSpec_MillisecondBudgetWithoutMetric_IsALatencyBudget()
    {
        var spec = SpecMapping.ToSpec(new StartSearchRequest { Budget = new Budget { MaxLatencyMs = 120 } });

        Assert.Equal(new BudgetSettings { MaxCost = 120, Metric = CostMetric.Latency }, spec.Budget);
    }

    [Theory]
    [InlineData("macs-in-latency", "budget.max_macs")]
    [InlineData("ms-in-macs", "budget.max_latency_ms")]
    public void ToSpec_BudgetInTheWrongUnit_NamesTheField(string problem, string field)
    {
        var budget = problem == "macs-in-latency" ? new Budget { MaxMacs = 1e9, Metric = "latency" } : new Budget { MaxLatencyMs = 5, Metric = "macs" };

        var error = Assert.Throws<SearchSpecException>(() => SpecMapping.ToSpec(new StartSearchRequest { Budget = budget }));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void ToSpec_EmptyRequest_TakesEveryDocumentedDefault()
    {
        var spec = SpecMapping.ToSpec(new StartSearchRequest());

        // The engine confirms nothing by default; the contract confirms 4 finalists with the single objective.
        Assert.Equal(new SearchSpec().Evolution with { Finalists = Orchestration.Specs.ConfirmationSettings.DefaultFinalists }, spec.Evolution);
        Assert.Equal(new Orchestration.Specs.ConfirmationSettings(), spec.Confirmation);
        Assert.Equal(new SearchSpec().Evaluation, spec.Evaluation);
        Assert.Equal(new SearchSpec().Budget, spec.Budget);
        Assert.Empty(spec.Space.SegmentCounts);
        Assert.Empty(spec.Space.Branches);
        Assert.Equal(1, spec.Space.MinInterval);
        Assert.Null(spec.Space.MaxInterval);
        Assert.Equal(1, spec.Space.MinSegmentLength);
        Assert.Null(spec.Space.MaxSegmentLength);
        Assert.Equal(0UL, spec.Seed);
    }

    [Fact]
    public void ToSpec_ExplicitOptionalZeros_AreKeptNotDefaulted()
    {
        var request = new StartSearchRequest
        {
            Space = new() { MaxInterval = 3, MaxSegmentLength = 20, UnequalSegments = true, SegmentCounts = { 4, 5 }, Branches = { 2 } },
            Budget = new Budget { MaxLatencyMs = 250, Metric = "latency" },
            Evolution = new EvolutionSettings { MutationChildren = 0, CrossoverChildren = 7, MutationProbability = 0, RetileProbability = 0, Objective = "pareto", Seeding = { "step-reduction", "deepcache-uniform" } },
            Evaluation = new Proto.EvaluationSettings { Sampler = "plms", TeacherSteps = 50, NoiseSeed = 9, Images = 32, BatchSize = 8, Nulls = "reuse" },
            Seed = ulong.MaxValue,
        };

        var spec = SpecMapping.ToSpec(request);

        Assert.Equal(new SpaceSettings { SegmentCounts = [], Branches = [], MaxInterval = 3, MaxSegmentLength = 20, UnequalSegments = true },
            spec.Space with { SegmentCounts = [], Branches = [] });
        Assert.Equal([4, 5], spec.Space.SegmentCounts);
        Assert.Equal([2], spec.Space.Branches);
        Assert.Equal(new BudgetSettings { MaxCost = 250, Metric = CostMetric.Latency }, spec.Budget);
        Assert.Equal(0, spec.Evolution.MutationChildren);
        Assert.Equal(7, spec.Evolution.CrossoverChildren);
        Assert.Equal(0, spec.Evolution.MutationProbability);
        Assert.Equal(0, spec.Evolution.RetileProbability);
        Assert.Equal(SearchObjective.Pareto, spec.Evolution.Objective);
        Assert.Equal(ScheduleSeeding.StepReduction | ScheduleSeeding.DeepCacheUniform, spec.Evolution.Seeding);
        Assert.Equal(("plms", 50, 9L, 32, 8, "reuse"), (spec.Evaluation.Sampler, spec.Evaluation.TeacherSteps, spec.Evaluation.NoiseSeed, spec.Evaluation.Images, spec.Evaluation.BatchSize, spec.Evaluation.Nulls));
        Assert.Equal(ulong.MaxValue, spec.Seed);
    }

    [Fact]
    public void ToSpec_ExplicitZeroSpeedup_IsAnErrorNotUnconstrained()
    {
        var spec = SpecMapping.ToSpec(new StartSearchRequest { Budget = new Budget { MinSpeedup = 0 } });

        var error = Assert.Throws<SearchSpecException>(spec.Validate);

        Assert.Equal("budget.min_speedup", error.Field);
    }

    [Theory]
    [InlineData("metric", "budget.metric")]
    [InlineData("seeding", "evolution.seeding")]
    [InlineData("objective", "evolution.objective")]
    public void ToSpec_UnknownName_NamesTheField(string change, string field)
    {
        var request = new StartSearchRequest { Budget = new Budget(), Evolution = new EvolutionSettings() };
        switch (change)
        {
            case "metric": request.Budget.Metric = "watts"; break;
            case "seeding": request.Evolution.Seeding.Add("dpm"); break;
            case "objective": request.Evolution.Objective = "fast"; break;
        }

        var error = Assert.Throws<SearchSpecException>(() => SpecMapping.ToSpec(request));

        Assert.Equal(field, error.ParamName);
    }
}
