using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Contracts.Errors;
using Flexiffusion.Contracts.Mapping;
using Flexiffusion.Orchestration.Specs;
using Flexiffusion.Search;
using Flexiffusion.Search.Evolution;
using DomainMetric = Flexiffusion.Search.Costs.CostMetric;
using DomainConfirmation = Flexiffusion.Orchestration.Specs.ConfirmationSettings;
using DomainSpec = Flexiffusion.Orchestration.Specs.SearchSpec;
using ProtoSpec = Flexiffusion.Contracts.Controller.V1.SearchSpec;

namespace Flexiffusion.Controller.Grpc;

/// <summary>
/// A search's specification between the wire (<c>SearchSpec</c>) and the domain (<see cref="DomainSpec"/>), both ways:
/// unset fields take the documented defaults; every field is explicit on the way out. Errors name field paths relative
/// to the spec (<c>evaluation.sampler</c>).
/// </summary>
public static class SpecMapping
{
    private static readonly EvolutionOptions Defaults = new();

    private static readonly (ScheduleFamily Family, ScheduleSeeding Flag)[] Families =
    [
        (ScheduleFamily.StepReduction, ScheduleSeeding.StepReduction),
        (ScheduleFamily.QuadraticStepReduction, ScheduleSeeding.QuadraticStepReduction),
        (ScheduleFamily.DeepcacheUniform, ScheduleSeeding.DeepCacheUniform),
        (ScheduleFamily.DeepcacheNonuniform, ScheduleSeeding.DeepCacheNonUniform),
    ];

    /// <summary>The domain specification of a wire one.</summary>
    /// <exception cref="FieldException">An enum value is unknown or the budget contradicts itself; the field is named.</exception>
    public static DomainSpec ToDomain(ProtoSpec? spec)
    {
        spec ??= new ProtoSpec();
        var space = spec.Space ?? new Contracts.Controller.V1.SearchSpace();
        var evolution = spec.Evolution ?? new EvolutionSettings();
        var objective = evolution.Objective switch
        {
            Objective.Unspecified or Objective.Single => SearchObjective.Single,
            Objective.Pareto => SearchObjective.Pareto,
            _ => throw new FieldException("evolution.objective", $"unknown value {(int)evolution.Objective} (expected single or pareto)"),
        };
        try
        {
            return new DomainSpec
            {
                Space = new SpaceSettings
                {
                    SegmentCounts = [.. space.SegmentCounts],
                    Branches = [.. space.Branches],
                    MinInterval = Or(space.MinInterval, 1),
                    MaxInterval = space.HasMaxInterval ? space.MaxInterval : null,
                    UnequalSegments = space.UnequalSegments,
                    MinSegmentLength = Or(space.MinSegmentLength, 1),
                    MaxSegmentLength = space.HasMaxSegmentLength ? space.MaxSegmentLength : null,
                },
                Budget = ToDomain(spec.Budget ?? new Budget()),
                Evolution = new EvolutionOptions
                {
                    PopulationSize = Or(evolution.PopulationSize, Defaults.PopulationSize),
                    ParentCount = Or(evolution.ParentCount, Defaults.ParentCount),
                    MutationChildren = evolution.HasMutationChildren ? evolution.MutationChildren : Defaults.MutationChildren,
                    CrossoverChildren = evolution.HasCrossoverChildren ? evolution.CrossoverChildren : Defaults.CrossoverChildren,
                    MutationProbability = evolution.HasMutationProbability ? evolution.MutationProbability : Defaults.MutationProbability,
                    RetileProbability = evolution.HasRetileProbability ? evolution.RetileProbability : Defaults.RetileProbability,
                    Generations = Or(evolution.Generations, Defaults.Generations),
                    Objective = objective,
                    Seeding = evolution.Seeding is null ? ScheduleSeeding.All : evolution.Seeding.Families.Aggregate(ScheduleSeeding.None, (all, f) => all | Flag(f)),
                    Finalists = evolution.HasFinalists ? evolution.Finalists : (objective == SearchObjective.Pareto ? 0 : DomainConfirmation.DefaultFinalists),
                },
                Confirmation = new DomainConfirmation
                {
                    Images = spec.Confirmation?.Images ?? 0,
                    NoiseSeed = spec.Confirmation is { HasNoiseSeed: true } c ? c.NoiseSeed : null,
                    Bootstrap = spec.Confirmation is { HasBootstrap: true } b ? b.Bootstrap : DomainConfirmation.DefaultBootstrap,
                },
                Evaluation = SettingsMapping.ToDomain(spec.Evaluation, "evaluation") with { Bootstrap = 0 },
                Seed = spec.HasSeed ? spec.Seed : 0,
            };
        }
        catch (ArgumentException e) when (e is not FieldException)
        {
            var (field, reason) = FieldViolations.Of(e);
            throw new FieldException(field, reason, e);
        }
    }

    /// <summary>The wire specification of a domain one, every field explicit.</summary>
    public static ProtoSpec ToProto(DomainSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var space = new Contracts.Controller.V1.SearchSpace
        {
            MinInterval = spec.Space.MinInterval,
            UnequalSegments = spec.Space.UnequalSegments,
            MinSegmentLength = spec.Space.MinSegmentLength,
        };
        space.SegmentCounts.AddRange(spec.Space.SegmentCounts);
        space.Branches.AddRange(spec.Space.Branches);
        if (spec.Space.MaxInterval is { } maxInterval)
            space.MaxInterval = maxInterval;
        if (spec.Space.MaxSegmentLength is { } maxLength)
            space.MaxSegmentLength = maxLength;
        var e = spec.Evolution;
        var evolution = new EvolutionSettings
        {
            PopulationSize = e.PopulationSize,
            ParentCount = e.ParentCount,
            MutationChildren = e.MutationChildren,
            CrossoverChildren = e.CrossoverChildren,
            MutationProbability = e.MutationProbability,
            RetileProbability = e.RetileProbability,
            Generations = e.Generations,
            Objective = e.Objective == SearchObjective.Pareto ? Objective.Pareto : Objective.Single,
            Seeding = new Seeding(),
            Finalists = e.Finalists,
        };
        evolution.Seeding.Families.AddRange(Families.Where(f => e.Seeding.HasFlag(f.Flag)).Select(f => f.Family));
        var confirmation = new Contracts.Controller.V1.ConfirmationSettings { Images = spec.Confirmation.Images, Bootstrap = spec.Confirmation.Bootstrap };
        if (spec.Confirmation.NoiseSeed is { } confirmSeed)
            confirmation.NoiseSeed = confirmSeed;
        return new ProtoSpec
        {
            Space = space,
            Budget = ToProto(spec.Budget),
            Evolution = evolution,
            Evaluation = SettingsMapping.ToProto(spec.Evaluation),
            Seed = spec.Seed,
            Confirmation = confirmation,
        };
    }

    private static BudgetSettings ToDomain(Budget budget)
    {
        var limitMetric = budget.LimitCase switch
        {
            Budget.LimitOneofCase.MinMacSpeedup or Budget.LimitOneofCase.MaxMacs => DomainMetric.Macs,
            Budget.LimitOneofCase.MinLatencySpeedup or Budget.LimitOneofCase.MaxLatencyMs => DomainMetric.Latency,
            _ => (DomainMetric?)null,
        };
        DomainMetric? asked = budget.Metric switch
        {
            Contracts.Controller.V1.CostMetric.Unspecified => null,
            Contracts.Controller.V1.CostMetric.Macs => DomainMetric.Macs,
            Contracts.Controller.V1.CostMetric.Latency => DomainMetric.Latency,
            _ => throw new FieldException("budget.metric", $"unknown value {(int)budget.Metric} (expected macs or latency)"),
        };
        if (limitMetric is { } l && asked is { } a && l != a)
            throw new FieldException("budget.metric", $"is {Name(a)} but the limit is given in {Name(l)}");
        return new BudgetSettings
        {
            MinSpeedup = budget.LimitCase switch
            {
                Budget.LimitOneofCase.MinMacSpeedup => budget.MinMacSpeedup,
                Budget.LimitOneofCase.MinLatencySpeedup => budget.MinLatencySpeedup,
                _ => null,
            },
            MaxCost = budget.LimitCase switch
            {
                Budget.LimitOneofCase.MaxMacs => budget.MaxMacs,
                Budget.LimitOneofCase.MaxLatencyMs => budget.MaxLatencyMs,
                _ => null,
            },
            Metric = limitMetric ?? asked ?? DomainMetric.Macs,
        };
    }

    private static Budget ToProto(BudgetSettings budget)
    {
        bool latency = budget.Metric == DomainMetric.Latency;
        var proto = new Budget { Metric = latency ? Contracts.Controller.V1.CostMetric.Latency : Contracts.Controller.V1.CostMetric.Macs };
        if (budget.MinSpeedup is { } speedup)
        {
            if (latency)
                proto.MinLatencySpeedup = speedup;
            else
                proto.MinMacSpeedup = speedup;
        }
        else if (budget.MaxCost is { } cost)
        {
            if (latency)
                proto.MaxLatencyMs = cost;
            else
                proto.MaxMacs = cost;
        }
        return proto;
    }

    private static ScheduleSeeding Flag(ScheduleFamily family) =>
        Families.Where(f => f.Family == family).Select(f => (ScheduleSeeding?)f.Flag).FirstOrDefault()
        ?? throw new FieldException("evolution.seeding.families", $"unknown value {(int)family} (expected {string.Join(", ", ScheduleSeedingNames.Format(ScheduleSeeding.All))})");

    private static string Name(DomainMetric metric) => metric == DomainMetric.Latency ? "latency" : "macs";

    private static int Or(int value, int fallback) => value == 0 ? fallback : value;
}
