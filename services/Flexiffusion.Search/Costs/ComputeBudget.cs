using System.Globalization;

namespace Flexiffusion.Search.Costs;

/// <summary>
/// A hard compute constraint on candidates (method.md §5): a maximum cost per image, or a minimum
/// speed-up over the teacher, in MACs or predicted latency. Over-budget candidates are never scored.
/// </summary>
public sealed record ComputeBudget
{
    // Relative slack so that a schedule exactly at the limit (e.g. DDIM-20 of 100 steps at a 5× target)
    // is not rejected by the last bit of a floating-point division.
    private const double Slack = 1e-12;

    private ComputeBudget(double? maxCost, double? minSpeedup, CostMetric metric)
    {
        MaxCost = maxCost;
        MinSpeedup = minSpeedup;
        Metric = metric;
    }

    /// <summary>The maximum cost per image (MACs, or milliseconds for latency), when the budget is absolute.</summary>
    public double? MaxCost { get; }

    /// <summary>The minimum speed-up over the teacher, when the budget is relative.</summary>
    public double? MinSpeedup { get; }

    /// <summary>What the budget is measured in.</summary>
    public CostMetric Metric { get; }

    /// <summary>No constraint.</summary>
    public static ComputeBudget None { get; } = new(null, null, CostMetric.Macs);

    /// <summary>Whether the budget constrains anything.</summary>
    public bool IsConstrained => MaxCost is not null || MinSpeedup is not null;

    /// <summary>At most <paramref name="maxCost"/> per image in <paramref name="metric"/>.</summary>
    /// <exception cref="FieldException">The value is not positive and finite.</exception>
    public static ComputeBudget AtMost(double maxCost, CostMetric metric = CostMetric.Macs)
    {
        if (!double.IsFinite(maxCost) || maxCost <= 0)
            throw new FieldException(metric == CostMetric.Latency ? "budget.max_latency_ms" : "budget.max_macs", $"must be positive and finite (got {maxCost})");
        return new(maxCost, null, metric);
    }

    /// <summary>At least <paramref name="speedup"/>× faster than the teacher in <paramref name="metric"/>.</summary>
    /// <exception cref="FieldException">The value is not finite and ≥ 1.</exception>
    public static ComputeBudget AtLeastSpeedup(double speedup, CostMetric metric = CostMetric.Macs)
    {
        if (!double.IsFinite(speedup) || speedup < 1)
            throw new FieldException(metric == CostMetric.Latency ? "budget.min_latency_speedup" : "budget.min_mac_speedup", $"must be ≥ 1 (got {speedup})");
        return new(null, speedup, metric);
    }

    /// <summary>The largest allowed cost per image for a teacher of the given cost.</summary>
    public double Limit(double teacherCost) => MaxCost ?? (MinSpeedup is { } s ? teacherCost / s : double.PositiveInfinity);

    /// <summary>Whether a candidate of this cost fits the budget.</summary>
    public bool Allows(CandidateCost cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        if (!IsConstrained)
            return true;
        return cost.In(Metric) <= Limit(cost.TeacherIn(Metric)) * (1 + Slack);
    }

    /// <summary>A short description, e.g. <c>speed-up ≥ 3× (MACs)</c>.</summary>
    public override string ToString()
    {
        string unit = Metric == CostMetric.Macs ? "MACs" : "latency";
        return this switch
        {
            { MinSpeedup: { } s } => string.Create(CultureInfo.InvariantCulture, $"speed-up ≥ {s:0.###}× ({unit})"),
            { MaxCost: { } c } => string.Create(CultureInfo.InvariantCulture, $"cost ≤ {c:G6} ({unit})"),
            _ => "none",
        };
    }
}
