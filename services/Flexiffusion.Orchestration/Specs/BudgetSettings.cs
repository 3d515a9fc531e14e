using Flexiffusion.Search;
using Flexiffusion.Search.Costs;

namespace Flexiffusion.Orchestration.Specs;

/// <summary>
/// The compute budget of a <see cref="SearchSpec"/> (proto <c>budget</c>): at most one limit; none means unconstrained. The
/// contract gives each limit in its own field (<c>min_mac_speedup</c>, <c>max_macs</c>, <c>min_latency_speedup</c>,
/// <c>max_latency_ms</c>); here a limit and the <see cref="Metric"/> it is measured in.
/// </summary>
public sealed record BudgetSettings
{
    /// <summary>Minimum speed-up over the teacher in <see cref="Metric"/> (proto <c>min_mac_speedup</c> or <c>min_latency_speedup</c>), e.g. 3.</summary>
    public double? MinSpeedup { get; init; }

    /// <summary>Maximum cost per image over the whole run in <see cref="Metric"/> (proto <c>max_macs</c> or <c>max_latency_ms</c>).</summary>
    public double? MaxCost { get; init; }

    /// <summary>What the budget is measured in. Default MACs.</summary>
    public CostMetric Metric { get; init; } = CostMetric.Macs;

    /// <summary>The engine's budget.</summary>
    /// <exception cref="FieldException">A value is invalid; the field is named.</exception>
    public ComputeBudget ToBudget()
    {
        if (!Enum.IsDefined(Metric))
            throw new FieldException("budget.metric", $"unknown metric {(int)Metric} (expected macs or latency)");
        if (MinSpeedup is not null && MaxCost is not null)
            throw new FieldException("budget", "give one limit, not a speed-up and a cost");
        return this switch
        {
            { MinSpeedup: { } s } => ComputeBudget.AtLeastSpeedup(s, Metric),
            { MaxCost: { } c } => ComputeBudget.AtMost(c, Metric),
            _ => ComputeBudget.None,
        };
    }
}
