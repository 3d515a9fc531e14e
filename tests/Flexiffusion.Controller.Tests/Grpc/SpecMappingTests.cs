using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Controller.Grpc;
using Flexiffusion.Orchestration.Specs;
using Flexiffusion.Search;
using Flexiffusion.Search.Evolution;
using DomainMetric = Flexiffusion.Search.Costs.CostMetric;
using DomainSpec = Flexiffusion.Orchestration.Specs.SearchSpec;
using Proto = Flexiffusion.Contracts.Common.V1;
using ProtoSpec = Flexiffusion.Contracts.Controller.V1.SearchSpec;

namespace Flexiffusion.Controller.Tests.Grpc;

public sealed class SpecMappingTests
{
    [Fact]
    public void ToDomain_FinalistsAndConfirmation_AreMappedAndParetoDefaultsToNone()
    {
        var request = new ProtoSpec
        {
            Evolution = new EvolutionSettings { Finalists = 2 },
            Confirmation = new Contracts.Controller.V1.ConfirmationSettings { Images = 32, NoiseSeed = 9, Bootstrap = 50 },
            Evaluation = new Proto.EvaluationSettings { Images = 8, NoiseSeed = 3, Bootstrap = 7 },
        };

        var spec = SpecMapping.ToDomain(request);
        var pareto = SpecMapping.ToDomain(new ProtoSpec { Evolution = new EvolutionSettings { Objective = Objective.Pareto } });
        var defaults = SpecMapping.ToDomain(new ProtoSpec { Evaluation = new Proto.EvaluationSettings { Images = 8, NoiseSeed = 3 } });

        Assert.Equal(2, spec.Evolution.Finalists);
        Assert.Equal(new Orchestration.Specs.ConfirmationSettings { Images = 32, NoiseSeed = 9, Bootstrap = 50 }, spec.Confirmation);
        Assert.Equal(0, spec.Evaluation.Bootstrap);
        Assert.Equal(0, pareto.Evolution.Finalists);
        Assert.Equal((16, 4L), (defaults.Confirmation.For(defaults.Evaluation).Images, defaults.Confirmation.For(defaults.Evaluation).NoiseSeed));
        Assert.Equal(Orchestration.Specs.ConfirmationSettings.DefaultBootstrap, defaults.Confirmation.Bootstrap);
        Assert.Equal(0, SpecMapping.ToDomain(new ProtoSpec { Confirmation = new Contracts.Controller.V1.ConfirmationSettings { Bootstrap = 0 } }).Confirmation.Bootstrap);
    }

    [Fact]
    public void ToDomain_EnumsAndReference_AreTheDomainsNames()
    {
        var spec = SpecMapping.ToDomain(new ProtoSpec
        {
            Evaluation = new Proto.EvaluationSettings
            {
                Sampler = Proto.Sampler.Plms, Reference = Proto.Sampler.Ddim, Spacing = Proto.TimestepSpacing.Quadratic,
                Schedule = Proto.NoiseSchedule.Cosine, Nulls = Proto.NullStep.Reuse,
            },
        });
        var dpm = SpecMapping.ToDomain(new ProtoSpec { Evaluation = new Proto.EvaluationSettings { Sampler = Proto.Sampler.DpmSolverPp } });

        Assert.Equal(("plms", "ddim", "quadratic", "cosine", "reuse"),
            (spec.Evaluation.Sampler, spec.Evaluation.Reference, spec.Evaluation.Spacing, spec.Evaluation.Schedule, spec.Evaluation.Nulls));
        Assert.Equal("dpm-solver++", dpm.Evaluation.Sampler);
        Assert.Equal("", dpm.Evaluation.Reference);
    }

    [Theory]
    [InlineData("mac-speedup", 3.0, DomainMetric.Macs)]
    [InlineData("latency-speedup", 3.0, DomainMetric.Latency)]
    [InlineData("macs", 2e9, DomainMetric.Macs)]
    [InlineData("ms", 120.0, DomainMetric.Latency)]
    public void ToDomain_EachLimitField_CarriesItsOwnUnit(string field, double value, DomainMetric metric)
    {
        var budget = field switch
        {
            "mac-speedup" => new Budget { MinMacSpeedup = value },
            "latency-speedup" => new Budget { MinLatencySpeedup = value },
            "macs" => new Budget { MaxMacs = value },
            _ => new Budget { MaxLatencyMs = value },
        };

        var spec = SpecMapping.ToDomain(new ProtoSpec { Budget = budget });

        Assert.Equal(metric, spec.Budget.Metric);
        Assert.Equal(value, field.Contains("speedup", StringComparison.Ordinal) ? spec.Budget.MinSpeedup : spec.Budget.MaxCost);
    }

    [Theory]
    [InlineData("macs-with-latency")]
    [InlineData("ms-with-macs")]
    public void ToDomain_MetricContradictsTheLimit_NamesBudgetMetric(string problem)
    {
        var budget = problem == "macs-with-latency"
            ? new Budget { MaxMacs = 1e9, Metric = Contracts.Controller.V1.CostMetric.Latency }
            : new Budget { MaxLatencyMs = 5, Metric = Contracts.Controller.V1.CostMetric.Macs };

        var error = Assert.Throws<FieldException>(() => SpecMapping.ToDomain(new ProtoSpec { Budget = budget }));

        Assert.Equal("budget.metric", error.Field);
    }

    [Fact]
    public void ToDomain_NoSpec_TakesEveryDocumentedDefault()
    {
        var spec = SpecMapping.ToDomain(null);

        // The engine confirms nothing and seeds nothing by default; the contract confirms 4 finalists with the single
        // objective and seeds every family when seeding is unset.
        Assert.Equal(new DomainSpec().Evolution with { Finalists = Orchestration.Specs.ConfirmationSettings.DefaultFinalists, Seeding = ScheduleSeeding.All }, spec.Evolution);
        Assert.Equal(new Orchestration.Specs.ConfirmationSettings(), spec.Confirmation);
        Assert.Equal(new DomainSpec().Evaluation, spec.Evaluation);
        Assert.Equal(new DomainSpec().Budget, spec.Budget);
        Assert.Equal(new DomainSpec().Space with { SegmentCounts = spec.Space.SegmentCounts, Branches = spec.Space.Branches }, spec.Space);
        Assert.Empty(spec.Space.SegmentCounts);
        Assert.Equal(0UL, spec.Seed);
    }

    [Fact]
    public void ToDomain_EmptySeeding_SeedsNothing()
    {
        var spec = SpecMapping.ToDomain(new ProtoSpec { Evolution = new EvolutionSettings { Seeding = new Seeding() } });

        Assert.Equal(ScheduleSeeding.None, spec.Evolution.Seeding);
    }

    [Fact]
    public void ToDomain_ExplicitOptionalZeros_AreKeptNotDefaulted()
    {
        var request = new ProtoSpec
        {
            Space = new() { MaxInterval = 3, MaxSegmentLength = 20, UnequalSegments = true, SegmentCounts = { 4, 5 }, Branches = { 2 } },
            Budget = new Budget { MaxLatencyMs = 250 },
            Evolution = new EvolutionSettings
            {
                MutationChildren = 0, CrossoverChildren = 7, MutationProbability = 0, RetileProbability = 0, Objective = Objective.Pareto,
                Seeding = new Seeding { Families = { ScheduleFamily.StepReduction, ScheduleFamily.DeepcacheUniform } },
            },
            Evaluation = new Proto.EvaluationSettings { Sampler = Proto.Sampler.Plms, TeacherSteps = 50, NoiseSeed = 0, Eta = 0, Images = 32, BatchSize = 8 },
            Seed = ulong.MaxValue,
        };

        var spec = SpecMapping.ToDomain(request);

        Assert.Equal([4, 5], spec.Space.SegmentCounts);
        Assert.Equal([2], spec.Space.Branches);
        Assert.Equal((3, 20, true), (spec.Space.MaxInterval, spec.Space.MaxSegmentLength, spec.Space.UnequalSegments));
        Assert.Equal(new BudgetSettings { MaxCost = 250, Metric = DomainMetric.Latency }, spec.Budget);
        Assert.Equal((0, 7, 0.0, 0.0), (spec.Evolution.MutationChildren, spec.Evolution.CrossoverChildren, spec.Evolution.MutationProbability, spec.Evolution.RetileProbability));
        Assert.Equal(SearchObjective.Pareto, spec.Evolution.Objective);
        Assert.Equal(ScheduleSeeding.StepReduction | ScheduleSeeding.DeepCacheUniform, spec.Evolution.Seeding);
        Assert.Equal(("plms", 50, 0L, 32, 8), (spec.Evaluation.Sampler, spec.Evaluation.TeacherSteps, spec.Evaluation.NoiseSeed, spec.Evaluation.Images, spec.Evaluation.BatchSize));
        Assert.Equal(ulong.MaxValue, spec.Seed);
    }

    [Fact]
    public void ToDomain_ExplicitZeroSpeedup_IsAnErrorNotUnconstrained()
    {
        var spec = SpecMapping.ToDomain(new ProtoSpec { Budget = new Budget { MinMacSpeedup = 0 } });
        var latency = SpecMapping.ToDomain(new ProtoSpec { Budget = new Budget { MinLatencySpeedup = 0 } });

        Assert.Equal("budget.min_mac_speedup", Assert.Throws<FieldException>(spec.Validate).Field);
        Assert.Equal("budget.min_latency_speedup", Assert.Throws<FieldException>(latency.Validate).Field);
    }

    [Theory]
    [InlineData("metric", "budget.metric")]
    [InlineData("seeding", "evolution.seeding.families")]
    [InlineData("objective", "evolution.objective")]
    [InlineData("sampler", "evaluation.sampler")]
    [InlineData("reference", "evaluation.reference")]
    [InlineData("spacing", "evaluation.spacing")]
    public void ToDomain_UnknownEnumValue_NamesTheField(string change, string field)
    {
        var request = new ProtoSpec { Budget = new Budget(), Evolution = new EvolutionSettings { Seeding = new Seeding() }, Evaluation = new Proto.EvaluationSettings() };
        switch (change)
        {
            case "metric": request.Budget.Metric = (Contracts.Controller.V1.CostMetric)9; break;
            case "seeding": request.Evolution.Seeding.Families.Add((ScheduleFamily)9); break;
            case "objective": request.Evolution.Objective = (Objective)9; break;
            case "sampler": request.Evaluation.Sampler = (Proto.Sampler)9; break;
            case "reference": request.Evaluation.Reference = (Proto.Sampler)9; break;
            case "spacing": request.Evaluation.Spacing = (Proto.TimestepSpacing)9; break;
        }

        var error = Assert.Throws<FieldException>(() => SpecMapping.ToDomain(request));

        Assert.Equal(field, error.Field);
        Assert.Contains("unknown value 9", error.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<string> Specs => ["defaults", "latency", "pareto", "everything"];

    [Theory]
    [MemberData(nameof(Specs))]
    public void ToProtoThenToDomain_AnySpec_IsTheSameSpec(string name)
    {
        var spec = name switch
        {
            "defaults" => new DomainSpec(),
            "latency" => new DomainSpec { Budget = new BudgetSettings { MinSpeedup = 2.5, Metric = DomainMetric.Latency } },
            "pareto" => new DomainSpec { Evolution = new EvolutionOptions { Objective = SearchObjective.Pareto, Seeding = ScheduleSeeding.All } },
            _ => new DomainSpec
            {
                Space = new SpaceSettings { SegmentCounts = [5, 10], Branches = [0, 3], MinInterval = 2, MaxInterval = 4, UnequalSegments = true, MinSegmentLength = 2, MaxSegmentLength = 30 },
                Budget = new BudgetSettings { MaxCost = 3e9 },
                Evolution = new EvolutionOptions { PopulationSize = 12, ParentCount = 3, MutationChildren = 0, Generations = 3, Seeding = ScheduleSeeding.QuadraticStepReduction, Finalists = 2 },
                Evaluation = new Search.Evaluation.EvaluationSettings { Model = "m", Sampler = "dpm-solver++", Reference = "ddim", Eta = 0.5, TeacherSteps = 60, Spacing = "quadratic", Schedule = "cosine", Nulls = "reuse", NoiseSeed = 4, Images = 64, BatchSize = 16 },
                Confirmation = new Orchestration.Specs.ConfirmationSettings { Images = 128, NoiseSeed = 0, Bootstrap = 0 },
                Seed = 77,
            },
        };

        var back = SpecMapping.ToDomain(SpecMapping.ToProto(spec));

        Assert.True(back.SameAs(spec), $"{System.Text.Json.JsonSerializer.Serialize(back)} != {System.Text.Json.JsonSerializer.Serialize(spec)}");
    }
}
