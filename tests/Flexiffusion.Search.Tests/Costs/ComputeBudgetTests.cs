using CsCheck;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Tests.Costs;

public sealed class ComputeBudgetTests
{
    private static readonly CostModel Model = new(Cifar10.Table());

    private static CandidateCost Cost(string candidate) => Model.Evaluate(Candidate.Parse(candidate, 100));

    [Fact]
    public void AtLeastSpeedup_Ddim20AtFiveTimes_IsAllowedAtTheBoundary()
    {
        var budget = ComputeBudget.AtLeastSpeedup(5);

        Assert.True(budget.Allows(Cost("20: Fx20")));
        Assert.True(budget.Allows(Cost("10: Fx10")));
    }

    [Fact]
    public void AtLeastSpeedup_SlightlyBelowFiveTimes_IsRejected()
    {
        var budget = ComputeBudget.AtLeastSpeedup(5);

        // DDIM-20 plus one partial step at branch 2: 4.91×.
        Assert.False(budget.Allows(Cost("20: 2:2 Fx19")));
        Assert.False(budget.Allows(new CandidateCost(1000 / 4.99, 1000, 20, null, null)));
        Assert.False(budget.Allows(new CandidateCost(200 * (1 + 1e-9), 1000, 20, null, null)));
        Assert.False(budget.Allows(Cost("25: Fx25")));
    }

    [Fact]
    public void AtLeastSpeedup_DeepCacheAtItsOwnSpeedUp_IsAllowedAtTheBoundary()
    {
        var deepCache = Cost("20: 2:5x20");

        // Its own speed-up is 6,053,953,536 / 3,002,073,088 = 2.0166×.
        double own = Cifar10.FullMacs / Cifar10.DeepCacheOneToFivePerStep;
        Assert.True(ComputeBudget.AtLeastSpeedup(own).Allows(deepCache));
        Assert.True(ComputeBudget.AtLeastSpeedup(2).Allows(deepCache));
        Assert.False(ComputeBudget.AtLeastSpeedup(own * (1 + 1e-9)).Allows(deepCache));
        Assert.False(ComputeBudget.AtLeastSpeedup(2.02).Allows(deepCache));
        // In MACs DeepCache 1:5 is about 2×, not 5×: its partial steps are not free.
        Assert.False(ComputeBudget.AtLeastSpeedup(5).Allows(deepCache));
    }

    [Fact]
    public void AtMost_DeepCacheAtItsOwnCost_IsAllowedAtTheBoundary()
    {
        var deepCache = Cost("20: 2:5x20");

        Assert.True(ComputeBudget.AtMost(100 * Cifar10.DeepCacheOneToFivePerStep).Allows(deepCache));
        Assert.False(ComputeBudget.AtMost(100 * Cifar10.DeepCacheOneToFivePerStep * (1 - 1e-9)).Allows(deepCache));
        Assert.True(ComputeBudget.AtMost(1e12).Allows(deepCache));
    }

    [Fact]
    public void AtMost_Ddim20_IsAllowedAtTwentyFullSteps()
    {
        var ddim = Cost("20: Fx20");

        Assert.True(ComputeBudget.AtMost(20 * Cifar10.FullMacs).Allows(ddim));
        Assert.False(ComputeBudget.AtMost(19.99 * Cifar10.FullMacs).Allows(ddim));
    }

    [Fact]
    public void AtLeastSpeedup_RandomStepReductionAtItsExactSpeedUp_IsAllowed()
    {
        var gen = Gen.Select(Gen.Double[1e3, 1e12], Gen.Int[1, 60], Gen.Int[1, 40]);
        Check.Sample(gen, (fullMacs, length, count) =>
        {
            int t = length * count;
            var cost = new CostModel(new CostTable(fullMacs, [1.0])).Evaluate(Candidate.Equal(t, Enumerable.Repeat((0, 1), count).ToList()));
            double speedup = t / (double)count;

            Assert.True(ComputeBudget.AtLeastSpeedup(speedup).Allows(cost), $"{count} of {t} at {fullMacs:R}: {cost.MacSpeedup:R}");
            Assert.False(ComputeBudget.AtLeastSpeedup(speedup * (1 + 1e-9)).Allows(cost));
            Assert.True(ComputeBudget.AtMost(count * fullMacs).Allows(cost));
        }, iter: 300);
    }

    [Fact]
    public void None_AnyCost_IsAllowed()
    {
        var budget = ComputeBudget.None;

        Assert.False(budget.IsConstrained);
        Assert.Null(budget.MaxCost);
        Assert.Null(budget.MinSpeedup);
        Assert.True(budget.Allows(Cost("1: F")));
        Assert.True(budget.Allows(Cost("100: Fx100")));
        Assert.True(budget.Allows(new CandidateCost(1e300, 1, 1, null, null)));
        Assert.Equal(double.PositiveInfinity, budget.Limit(100));
        Assert.Equal("none", budget.ToString());
    }

    [Fact]
    public void None_WithLatencyMetricMissing_StillAllows()
    {
        Assert.True(ComputeBudget.None.Allows(new CandidateCost(5, 1, 1, null, null)));
    }

    [Fact]
    public void Limit_EachKind_IsTheLargestAllowedCost()
    {
        Assert.Equal(25, ComputeBudget.AtLeastSpeedup(4).Limit(100));
        Assert.Equal(7, ComputeBudget.AtMost(7).Limit(100));
        Assert.Equal(100, ComputeBudget.AtLeastSpeedup(1).Limit(100));
    }

    [Fact]
    public void Properties_EachKind_RecordTheConstraint()
    {
        var speedup = ComputeBudget.AtLeastSpeedup(3, CostMetric.Latency);
        var cap = ComputeBudget.AtMost(1e9);

        Assert.True(speedup.IsConstrained);
        Assert.Equal(3, speedup.MinSpeedup);
        Assert.Null(speedup.MaxCost);
        Assert.Equal(CostMetric.Latency, speedup.Metric);
        Assert.True(cap.IsConstrained);
        Assert.Equal(1e9, cap.MaxCost);
        Assert.Null(cap.MinSpeedup);
        Assert.Equal(CostMetric.Macs, cap.Metric);
    }

    [Fact]
    public void Allows_LatencyMetric_UsesLatencyNotMacs()
    {
        // 4× faster in MACs but only 2× in latency.
        var cost = new CandidateCost(250, 1000, 10, 50, 100);

        Assert.True(ComputeBudget.AtLeastSpeedup(4).Allows(cost));
        Assert.False(ComputeBudget.AtLeastSpeedup(4, CostMetric.Latency).Allows(cost));
        Assert.True(ComputeBudget.AtLeastSpeedup(2, CostMetric.Latency).Allows(cost));
        Assert.True(ComputeBudget.AtMost(50, CostMetric.Latency).Allows(cost));
        Assert.False(ComputeBudget.AtMost(49, CostMetric.Latency).Allows(cost));
        Assert.False(ComputeBudget.AtMost(249).Allows(cost));
    }

    [Fact]
    public void Allows_LatencyMetricWithoutLatencies_ThrowsInvalidOperation()
    {
        var cost = Cost("20: Fx20");

        Assert.Throws<InvalidOperationException>(() => ComputeBudget.AtLeastSpeedup(2, CostMetric.Latency).Allows(cost));
        Assert.Throws<InvalidOperationException>(() => ComputeBudget.AtMost(1, CostMetric.Latency).Allows(cost));
    }

    [Fact]
    public void Allows_LatencyFromTheModel_ComparesPredictedMilliseconds()
    {
        var model = new CostModel(new CostTable(100, [10, 20, 30], 10, [2, 3, 4]));
        var cost = model.Evaluate(Candidate.Parse("2: 2:4 1:2", 10));

        Assert.True(ComputeBudget.AtMost(35, CostMetric.Latency).Allows(cost));
        Assert.False(ComputeBudget.AtMost(34.9, CostMetric.Latency).Allows(cost));
        Assert.True(ComputeBudget.AtLeastSpeedup(100 / 35.0, CostMetric.Latency).Allows(cost));
        Assert.False(ComputeBudget.AtLeastSpeedup(2.9, CostMetric.Latency).Allows(cost));
    }

    [Fact]
    public void Allows_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => ComputeBudget.AtMost(1).Allows(null!));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void AtMost_NotPositiveAndFinite_ThrowsNamingMaxCost(double maxCost)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ComputeBudget.AtMost(maxCost));

        Assert.Equal("budget.max_macs", error.ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.999)]
    [InlineData(-3.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void AtLeastSpeedup_BelowOneOrNotFinite_ThrowsNamingSpeedup(double speedup)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ComputeBudget.AtLeastSpeedup(speedup));

        Assert.Equal("budget.min_mac_speedup", error.ParamName);
    }

    [Fact]
    public void AtLeastSpeedup_One_AllowsTheTeacher()
    {
        Assert.True(ComputeBudget.AtLeastSpeedup(1).Allows(Cost("100: Fx100")));
        Assert.False(ComputeBudget.AtLeastSpeedup(1.01).Allows(Cost("100: Fx100")));
    }

    [Fact]
    public void ToString_EachKind_DescribesTheConstraint()
    {
        Assert.StartsWith("speed-up ≥ 3×", ComputeBudget.AtLeastSpeedup(3).ToString(), StringComparison.Ordinal);
        Assert.StartsWith("speed-up ≥ 2.5×", ComputeBudget.AtLeastSpeedup(2.5, CostMetric.Latency).ToString(), StringComparison.Ordinal);
        Assert.Contains("(latency)", ComputeBudget.AtLeastSpeedup(2.5, CostMetric.Latency).ToString(), StringComparison.Ordinal);
        Assert.StartsWith("cost ≤ 1.5E+09", ComputeBudget.AtMost(1.5e9).ToString(), StringComparison.Ordinal);
    }
}
