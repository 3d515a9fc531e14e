using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Orchestration.Specs;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evolution;
using Domain = Flexiffusion.Search.Evaluation;
using Proto = Flexiffusion.Contracts.Common.V1;

namespace Flexiffusion.Controller.Grpc;

/// <summary>A <c>StartSearchRequest</c> as a <see cref="SearchSpec"/>: proto3 zeros and empty strings take the documented defaults.</summary>
internal static class SpecMapping
{
    /// <exception cref="SearchSpecException">An enumeration-like string is unknown; the field is named.</exception>
    public static SearchSpec ToSpec(StartSearchRequest request)
    {
        var space = request.Space ?? new Contracts.Controller.V1.SearchSpace();
        var budget = request.Budget ?? new Budget();
        var evolution = request.Evolution ?? new EvolutionSettings();
        var defaults = new EvolutionOptions();
        return new SearchSpec
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
            Budget = ToBudget(budget),
            Evolution = new EvolutionOptions
            {
                PopulationSize = Or(evolution.PopulationSize, defaults.PopulationSize),
                ParentCount = Or(evolution.ParentCount, defaults.ParentCount),
                MutationChildren = evolution.HasMutationChildren ? evolution.MutationChildren : defaults.MutationChildren,
                CrossoverChildren = evolution.HasCrossoverChildren ? evolution.CrossoverChildren : defaults.CrossoverChildren,
                MutationProbability = evolution.HasMutationProbability ? evolution.MutationProbability : defaults.MutationProbability,
                RetileProbability = evolution.HasRetileProbability ? evolution.RetileProbability : defaults.RetileProbability,
                Generations = Or(evolution.Generations, defaults.Generations),
                Objective = evolution.Objective switch
                {
                    "" or "single" => SearchObjective.Single,
                    "pareto" => SearchObjective.Pareto,
                    _ => throw new SearchSpecException("evolution.objective", $"must be single or pareto (got '{evolution.Objective}')"),
                },
                Seeding = evolution.Seeding.Aggregate(ScheduleSeeding.None, (all, name) => all | Seeding(name)),
                Finalists = evolution.HasFinalists ? evolution.Finalists : (evolution.Objective == "pareto" ? 0 : Orchestration.Specs.ConfirmationSettings.DefaultFinalists),
            },
            Confirmation = new Orchestration.Specs.ConfirmationSettings
            {
                Images = request.Confirmation?.Images ?? 0,
                NoiseSeed = request.Confirmation is { HasNoiseSeed: true } c ? c.NoiseSeed : null,
                Bootstrap = request.Confirmation is { HasBootstrap: true } b ? b.Bootstrap : Orchestration.Specs.ConfirmationSettings.DefaultBootstrap,
            },
            Evaluation = ToSettings(request.Evaluation ?? new Proto.EvaluationSettings()),
            Seed = request.Seed,
        };
    }

    private static BudgetSettings ToBudget(Budget budget)
    {
        var metric = budget.Metric switch
        {
            "" => budget.LimitCase == Budget.LimitOneofCase.MaxLatencyMs ? CostMetric.Latency : CostMetric.Macs,
            "macs" => CostMetric.Macs,
            "latency" => CostMetric.Latency,
            _ => throw new SearchSpecException("budget.metric", $"must be macs or latency (got '{budget.Metric}')"),
        };
        if (budget.LimitCase == Budget.LimitOneofCase.MaxMacs && metric == CostMetric.Latency)
            throw new SearchSpecException("budget.max_macs", "a latency budget is given in milliseconds (max_latency_ms)");
        if (budget.LimitCase == Budget.LimitOneofCase.MaxLatencyMs && metric == CostMetric.Macs)
            throw new SearchSpecException("budget.max_latency_ms", "a millisecond budget needs metric latency");
        return new BudgetSettings
        {
            MinSpeedup = budget.LimitCase == Budget.LimitOneofCase.MinSpeedup ? budget.MinSpeedup : null,
            MaxCost = budget.LimitCase switch
            {
                Budget.LimitOneofCase.MaxMacs => budget.MaxMacs,
                Budget.LimitOneofCase.MaxLatencyMs => budget.MaxLatencyMs,
                _ => null,
            },
            Metric = metric,
        };
    }

    private static Domain.EvaluationSettings ToSettings(Proto.EvaluationSettings e)
    {
        var defaults = new Domain.EvaluationSettings();
        return new Domain.EvaluationSettings
        {
            Model = e.Model,
            Sampler = Or(e.Sampler, defaults.Sampler),
            Reference = e.Reference,
            Eta = e.Eta,
            TeacherSteps = Or(e.TeacherSteps, defaults.TeacherSteps),
            Spacing = Or(e.Spacing, defaults.Spacing),
            Schedule = Or(e.Schedule, defaults.Schedule),
            Nulls = Or(e.Nulls, defaults.Nulls),
            NoiseSeed = e.NoiseSeed,
            Images = Or(e.Images, defaults.Images),
            BatchSize = Or(e.BatchSize, defaults.BatchSize),
        };
    }

    private static ScheduleSeeding Seeding(string name) => ScheduleSeedingNames.TryParse(name)
        ?? throw new SearchSpecException("evolution.seeding", $"unknown schedule '{name}' (expected {ScheduleSeedingNames.Expected})");

    private static int Or(int value, int fallback) => value == 0 ? fallback : value;

    private static string Or(string value, string fallback) => value.Length == 0 ? fallback : value;
}
