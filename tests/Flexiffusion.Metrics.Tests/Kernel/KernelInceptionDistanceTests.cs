using Flexiffusion.Metrics.Kernel;
using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Tests.Kernel;

public class KernelInceptionDistanceTests
{
    [Fact]
    public void Compute_MatchesADirectDoubleLoop()
    {
        manual_seed(1);
        using var x = randn(7, 3, dtype: ScalarType.Float64);
        using var y = randn(5, 3, dtype: ScalarType.Float64) + 0.5;
        double[,] a = ToArray(x), b = ToArray(y);
        double K(double[,] p, int i, double[,] q, int j) => Math.Pow((p[i, 0] * q[j, 0] + p[i, 1] * q[j, 1] + p[i, 2] * q[j, 2]) / 3 + 1, 3);
        double xx = 0, yy = 0, xy = 0;
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 7; j++)
                if (i != j) xx += K(a, i, a, j);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
                if (i != j) yy += K(b, i, b, j);
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 5; j++)
                xy += K(a, i, b, j);
        double expected = xx / 42 + yy / 20 - 2 * xy / 35;

        Assert.Equal(expected, KernelInceptionDistance.Compute(x, y), 10);
    }

    [Fact]
    public void Compute_SameDistribution_IsNearZero_ShiftedIsClearlyPositive()
    {
        manual_seed(2);
        using var x = randn(400, 8);
        using var y = randn(400, 8);
        using var shifted = randn(400, 8) + 1;

        double same = KernelInceptionDistance.Compute(x, y);
        double apart = KernelInceptionDistance.Compute(x, shifted);

        Assert.InRange(same, -0.05, 0.05);
        Assert.True(apart > 20 * Math.Abs(same) && apart > 0.2, $"same {same}, apart {apart}");
    }

    [Fact]
    public void ComputePaired_MatchesADirectDoubleLoopOverPairs()
    {
        manual_seed(3);
        using var x = randn(6, 3, dtype: ScalarType.Float64);
        using var y = x + 0.3 * randn(6, 3, dtype: ScalarType.Float64);
        double[,] a = ToArray(x), b = ToArray(y);
        double K(double[,] p, int i, double[,] q, int j) => Math.Pow((p[i, 0] * q[j, 0] + p[i, 1] * q[j, 1] + p[i, 2] * q[j, 2]) / 3 + 1, 3);
        double sum = 0;
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++)
                if (i != j) sum += K(a, i, a, j) + K(b, i, b, j) - K(a, i, b, j) - K(a, j, b, i);

        Assert.Equal(sum / 30, KernelInceptionDistance.ComputePaired(x, y), 10);
    }

    [Fact]
    public void ComputePaired_IdenticalSetsAreZero_NearDuplicatePairsAreNotBiasedNegative()
    {
        manual_seed(4);
        using var x = randn(64, 16) * 3;
        using var close = x + 0.01 * randn(64, 16);

        Assert.Equal(0, KernelInceptionDistance.ComputePaired(x, x));
        double paired = KernelInceptionDistance.ComputePaired(x, close);
        double unpaired = KernelInceptionDistance.Compute(x, close);
        // The unpaired estimator counts every near-duplicate pair as a cross match: strongly negative.
        Assert.True(unpaired < -1, $"unpaired {unpaired}");
        Assert.InRange(paired, -0.05, 0.05);
    }

    [Fact]
    public void ComputePaired_DifferentRowCounts_Throw()
    {
        Assert.Throws<ArgumentException>(() => KernelInceptionDistance.ComputePaired(zeros(3, 2), zeros(4, 2)));
        Assert.Throws<ArgumentException>(() => KernelInceptionDistance.ComputePaired(zeros(1, 2), zeros(1, 2)));
    }

    [Fact]
    public void Compute_BadShapes_Throw()
    {
        Assert.Throws<ArgumentException>(() => KernelInceptionDistance.Compute(zeros(3, 2), zeros(3, 4)));
        Assert.Throws<ArgumentException>(() => KernelInceptionDistance.Compute(zeros(1, 2), zeros(3, 2)));
    }

    private static double[,] ToArray(Tensor t)
    {
        var flat = t.data<double>().ToArray();
        var result = new double[t.shape[0], t.shape[1]];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }
}
