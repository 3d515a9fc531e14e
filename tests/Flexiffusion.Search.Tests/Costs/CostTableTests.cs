using Flexiffusion.Search.Costs;

namespace Flexiffusion.Search.Tests.Costs;

public sealed class CostTableTests
{
    [Fact]
    public void Constructor_MacsOnly_HasNoLatency()
    {
        var table = new CostTable(6.054e9, [1e9, 2.239e9]);

        Assert.Equal(6.054e9, table.FullMacs);
        Assert.Equal<double>([1e9, 2.239e9], table.PartialMacs);
        Assert.Equal(2, table.BranchCount);
        Assert.False(table.HasLatency);
        Assert.Null(table.FullLatencyMs);
        Assert.Null(table.PartialLatencyMs);
    }

    [Fact]
    public void Constructor_WithLatencies_KeepsThem()
    {
        var table = new CostTable(10, [1, 2, 3], 4.5, [1.5, 2.5, 3.5]);

        Assert.True(table.HasLatency);
        Assert.Equal(4.5, table.FullLatencyMs);
        Assert.NotNull(table.PartialLatencyMs);
        Assert.Equal<double>([1.5, 2.5, 3.5], table.PartialLatencyMs.Value);
        Assert.Equal(3, table.BranchCount);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Constructor_BadFullMacs_NamesFullMacs(double value)
    {
        AssertInvalid("fullMacs", () => new CostTable(value, [1.0]));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-2.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_BadPartialMacs_NamesPartialMacs(double value)
    {
        AssertInvalid("partialMacs", () => new CostTable(10, [1.0, value, 2.0]));
    }

    [Fact]
    public void Constructor_NoPartialMacs_NamesPartialMacs()
    {
        AssertInvalid("partialMacs", () => new CostTable(10, []));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_BadFullLatency_NamesFullLatency(double value)
    {
        AssertInvalid("fullLatencyMs", () => new CostTable(10, [1.0], value, [1.0]));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_BadPartialLatency_NamesPartialLatency(double value)
    {
        AssertInvalid("partialLatencyMs", () => new CostTable(10, [1.0, 2.0], 5, [1.0, value]));
    }

    [Fact]
    public void Constructor_FullLatencyWithoutPartialLatencies_NamesFullLatency()
    {
        AssertInvalid("fullLatencyMs", () => new CostTable(10, [1.0], fullLatencyMs: 5));
    }

    [Fact]
    public void Constructor_PartialLatenciesWithoutFullLatency_NamesFullLatency()
    {
        AssertInvalid("fullLatencyMs", () => new CostTable(10, [1.0], partialLatencyMs: [1.0]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Constructor_LatencyCountMismatch_NamesPartialLatency(int latencies)
    {
        var partialLatency = Enumerable.Repeat(1.0, latencies).ToList();

        var error = AssertInvalid("partialLatencyMs", () => new CostTable(10, [1.0, 2.0], 5, partialLatency));

        Assert.Contains($"{latencies} values for 2 branches", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NullPartialMacs_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new CostTable(10, null!));
    }

    [Fact]
    public void Constructor_InputChangedAfterwards_TableKeepsItsCopy()
    {
        double[] partial = [1.0, 2.0];
        var table = new CostTable(10, partial);

        partial[0] = 99;

        Assert.Equal(1.0, table.PartialMacs[0]);
    }

    [Fact]
    public void Equals_SameValues_AreEqual()
    {
        var a = new CostTable(10, [1.0, 2.0], 5, [0.5, 1.0]);
        var b = new CostTable(10, [1.0, 2.0], 5, [0.5, 1.0]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    private static ArgumentException AssertInvalid(string parameter, Func<CostTable> create)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => create());
        Assert.Equal(parameter, error.ParamName);
        Assert.StartsWith(parameter + ":", error.Message, StringComparison.Ordinal);
        return error;
    }
}
