using Flexiffusion.Search.Costs;

namespace Flexiffusion.Search.Tests.Costs;

public sealed class CandidateCostTests
{
    [Fact]
    public void MacSpeedup_GivenCosts_IsTeacherOverCandidate()
    {
        var cost = new CandidateCost(250, 1000, 7, null, null);

        Assert.Equal(4.0, cost.MacSpeedup);
    }

    [Fact]
    public void LatencySpeedup_WithLatencies_IsTeacherOverCandidate()
    {
        var cost = new CandidateCost(250, 1000, 7, 20, 50);

        Assert.Equal(2.5, cost.LatencySpeedup);
    }

    [Theory]
    [InlineData(null, 50.0)]
    [InlineData(20.0, null)]
    [InlineData(null, null)]
    public void LatencySpeedup_LatencyMissing_IsNull(double? latency, double? teacherLatency)
    {
        var cost = new CandidateCost(250, 1000, 7, latency, teacherLatency);

        Assert.Null(cost.LatencySpeedup);
    }

    [Fact]
    public void In_EachMetric_PicksTheMatchingValue()
    {
        var cost = new CandidateCost(250, 1000, 7, 20, 50);

        Assert.Equal(250, cost.In(CostMetric.Macs));
        Assert.Equal(20, cost.In(CostMetric.Latency));
        Assert.Equal(1000, cost.TeacherIn(CostMetric.Macs));
        Assert.Equal(50, cost.TeacherIn(CostMetric.Latency));
    }

    [Fact]
    public void In_LatencyWithoutLatencies_ThrowsInvalidOperation()
    {
        var cost = new CandidateCost(250, 1000, 7, null, null);

        Assert.Throws<InvalidOperationException>(() => cost.In(CostMetric.Latency));
        Assert.Throws<InvalidOperationException>(() => cost.TeacherIn(CostMetric.Latency));
        Assert.Equal(250, cost.In(CostMetric.Macs));
    }
}
