using Flexiffusion.Metrics.Statistics;
using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Tests.Statistics;

public class PairedBootstrapTests
{
    [Fact]
    public void Indices_AreDrawsWithReplacementFixedBySeedAndReplicate()
    {
        var first = PairedBootstrap.Indices(50, 7, 0);

        Assert.Equal(first, PairedBootstrap.Indices(50, 7, 0));
        Assert.NotEqual(first, PairedBootstrap.Indices(50, 7, 1));
        Assert.NotEqual(first, PairedBootstrap.Indices(50, 8, 0));
        Assert.All(first, i => Assert.InRange(i, 0, 49));
        Assert.True(first.Distinct().Count() < 50, "fifty draws with replacement repeat some row");
        // SplitMix64 is specified bit for bit: the same rows on every machine (checked against an independent Python version).
        Assert.Equal([2L, 3L, 0L, 1L], PairedBootstrap.Indices(4, 0, 0));
    }

    [Fact]
    public void FrechetReplicates_EachIsTheDistanceOnItsResampledRows()
    {
        manual_seed(3);
        using var reference = randn(40, 3, dtype: ScalarType.Float64);
        using var candidate = reference + 0.3 * randn(40, 3, dtype: ScalarType.Float64) + 0.2;

        // 30 replicates: two batches of the batched eigen-solvers.
        var replicates = PairedBootstrap.FrechetReplicates(candidate, reference, 30, 11);

        Assert.Equal(30, replicates.Length);
        for (int r = 0; r < 30; r++)
        {
            using var rows = tensor(PairedBootstrap.Indices(40, 11, r));
            var a = ToArray(candidate.index_select(0, rows));
            var b = ToArray(reference.index_select(0, rows));
            var (meanA, covA) = Moments(a);
            var (meanB, covB) = Moments(b);
            Assert.Equal(FrechetDistance.Compute(meanA, covA, meanB, covB), replicates[r], 9);
        }
    }

    [Fact]
    public void FrechetReplicates_IdenticalSetsAreZero_AClearlyCloserCandidateWinsEveryPairedReplicate()
    {
        manual_seed(4);
        using var reference = randn(200, 6);
        using var noise = randn(200, 6);
        using var close = reference + 0.1 * noise;
        using var far = reference + 0.5 * noise + 0.3;

        var same = PairedBootstrap.FrechetReplicates(reference, reference, 20, 1);
        var near = PairedBootstrap.FrechetReplicates(close, reference, 20, 1);
        var away = PairedBootstrap.FrechetReplicates(far, reference, 20, 1);

        Assert.All(same, r => Assert.Equal(0, r, 6));
        Assert.All(near.Zip(away), p => Assert.True(p.First < p.Second, $"{p.First} vs {p.Second}"));
    }

    [Fact]
    public void FrechetReplicates_BadArguments_Throw()
    {
        using var a = randn(10, 3);
        using var b = randn(9, 3);
        using var one = randn(1, 3);

        Assert.Throws<ArgumentException>(() => PairedBootstrap.FrechetReplicates(a, b, 5, 0));
        Assert.Throws<ArgumentException>(() => PairedBootstrap.FrechetReplicates(one, one, 5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PairedBootstrap.FrechetReplicates(a, a, -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PairedBootstrap.FrechetReplicates(a, a, PairedBootstrap.MaxReplicates + 1, 0));
        Assert.Empty(PairedBootstrap.FrechetReplicates(a, a, 0, 0));
    }

    private static double[,] ToArray(Tensor t)
    {
        using var x = t.to(ScalarType.Float64).contiguous();
        var flat = x.data<double>().ToArray();
        var result = new double[x.shape[0], x.shape[1]];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }

    private static (double[] Mean, double[,] Covariance) Moments(double[,] x)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var mean = new double[d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                mean[j] += x[i, j] / n;
        var cov = new double[d, d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                for (int k = 0; k < d; k++)
                    cov[j, k] += (x[i, j] - mean[j]) * (x[i, k] - mean[k]) / (n - 1);
        return (mean, cov);
    }
}
