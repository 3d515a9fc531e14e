using Flexiffusion.Orchestration.Internal;
using Flexiffusion.Search.Costs;

namespace Flexiffusion.Orchestration.Specs;

/// <summary>The compute budget of a <see cref="SearchSpec"/> (proto <c>budget</c>): at most one limit; none means unconstrained.</summary>
public sealed record BudgetSettings
{
    /// <summary>Minimum speed-up over the teacher (proto <c>min_speedup</c>), e.g. 3.</summary>
    public double? MinSpeedup { get; init; }

    /// <summary>Maximum cost per image over the whole run (proto <c>max_macs</c>): MACs, or milliseconds when <see cref="Metric"/> is latency.</summary>
    public double? MaxCost { get; init; }

    /// <summary>What the budget is measured in. Default MACs.</summary>
    public CostMetric Metric { get; init; } = CostMetric.Macs;

    /// <summary>The engine's budget.</summary>
    /// <exception cref="SearchSpecException">A value is invalid; the field is named.</exception>
    public ComputeBudget ToBudget()
    {
        if (!Enum.IsDefined(Metric))
            throw new SearchSpecException("budget.metric", $"unknown metric {(int)Metric} (expected macs or latency)");
        if (MinSpeedup is not null && MaxCost is not null)
            throw new SearchSpecException("budget", "give min_speedup or max_macs, not both");
        try
        {
            return SpecFields.Guard(() => this switch
            {
                { MinSpeedup: { } s } => ComputeBudget.AtLeastSpeedup(s, Metric),
                { MaxCost: { } c } => ComputeBudget.AtMost(c, Metric),
                _ => ComputeBudget.None,
            });
        }
        catch (SearchSpecException e) when (Metric == CostMetric.Latency && e.Field == "budget.max_macs")
        {
            throw new SearchSpecException("budget.max_latency_ms", e.Reason);
        }
    }
}
