using Flexiffusion.Metrics.Statistics;
using Flexiffusion.Metrics.Tests.TestSupport;
using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Tests.Statistics;

public class FrechetDistanceTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(16, 4)]
    [InlineData(128, 5)]
    public void Compute_IdenticalGaussians_ReturnsZero(int d, long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var mean = randn([d], ScalarType.Float64, generator: generator) * 10;
        using var covariance = RandomMatrices.Spd(d, generator) * 50;

        double distance = FrechetDistance.Compute(mean, covariance, mean, covariance);

        double scale = 2 * covariance.trace().item<double>();
        Assert.True(Math.Abs(distance) <= 1e-9 * scale, $"distance {distance:R} at scale {scale:R}");
    }

    [Fact]
    public void Compute_DiagonalCovariances_EqualsMeanGapPlusSquaredRootGaps()
    {
        double[] mean1 = [0.5, -1, 2, 0], mean2 = [1, 1, -2, 0.25];
        double[] a = [1, 4, 0.25, 9], b = [2, 1, 0.5, 16];

        double distance = FrechetDistance.Compute(mean1, Diagonal(a), mean2, Diagonal(b));

        double expected = mean1.Zip(mean2, (x, y) => (x - y) * (x - y)).Sum()
            + a.Zip(b, (x, y) => Math.Pow(Math.Sqrt(x) - Math.Sqrt(y), 2)).Sum();
        Assert.Equal(expected, distance, 1e-12);
    }

    [Fact]
    public void Compute_CommutingCovariances_EqualsClosedFormOnSharedEigenvalues()
    {
        const int d = 12;
        using var generator = new Generator(21);
        using var q = RandomMatrices.Orthogonal(d, generator);
        using var a = rand([d], ScalarType.Float64, generator: generator) * 5 + 0.01;
        using var b = rand([d], ScalarType.Float64, generator: generator) * 5 + 0.01;
        using var s1 = q.matmul(diag(a)).matmul(q.t());
        using var s2 = q.matmul(diag(b)).matmul(q.t());
        using var mu1 = randn([d], ScalarType.Float64, generator: generator);
        using var mu2 = randn([d], ScalarType.Float64, generator: generator);

        double distance = FrechetDistance.Compute(mu1, s1, mu2, s2);

        double expected = (mu1 - mu2).square().sum().item<double>() + (a.sqrt() - b.sqrt()).square().sum().item<double>();
        Assert.True(Math.Abs(distance - expected) <= 1e-9 * Math.Max(1, expected), $"expected {expected:R}, got {distance:R}");
    }

    [Fact]
    public void Compute_SwappedArguments_GivesTheSameDistance()
    {
        const int d = 20;
        using var generator = new Generator(22);
        using var s1 = RandomMatrices.Spd(d, generator);
        using var s2 = RandomMatrices.Spd(d, generator) * 3;
        using var mu1 = randn([d], ScalarType.Float64, generator: generator);
        using var mu2 = randn([d], ScalarType.Float64, generator: generator);

        double forward = FrechetDistance.Compute(mu1, s1, mu2, s2);
        double backward = FrechetDistance.Compute(mu2, s2, mu1, s1);

        Assert.True(forward > 1);
        Assert.True(Math.Abs(forward - backward) <= 1e-10 * forward, $"{forward:R} vs {backward:R}");
    }

    [Fact]
    public void Compute_CommonRotationOfBoth_LeavesTheDistanceUnchanged()
    {
        const int d = 15;
        using var generator = new Generator(23);
        using var s1 = RandomMatrices.Spd(d, generator);
        using var s2 = RandomMatrices.Spd(d, generator);
        using var mu1 = randn([d], ScalarType.Float64, generator: generator);
        using var mu2 = randn([d], ScalarType.Float64, generator: generator);
        using var q = RandomMatrices.Orthogonal(d, generator);
        using var r1 = q.matmul(s1).matmul(q.t());
        using var r2 = q.matmul(s2).matmul(q.t());
        using var m1 = q.matmul(mu1);
        using var m2 = q.matmul(mu2);

        double original = FrechetDistance.Compute(mu1, s1, mu2, s2);
        double rotated = FrechetDistance.Compute(m1, r1, m2, r2);

        Assert.True(Math.Abs(original - rotated) <= 1e-10 * original, $"{original:R} vs {rotated:R}");
    }

    [Theory]
    [InlineData(8, 31)]
    [InlineData(64, 32)]
    [InlineData(128, 33)]
    public void Compute_RandomSpdMatrices_AgreesWithEigenvaluesOfTheProduct(int d, long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var s1 = RandomMatrices.Spd(d, generator);
        using var s2 = RandomMatrices.Spd(d, generator) * 2;
        using var mu1 = randn([d], ScalarType.Float64, generator: generator);
        using var mu2 = randn([d], ScalarType.Float64, generator: generator) * 0.5;

        double distance = FrechetDistance.Compute(mu1, s1, mu2, s2);

        using var eigenvalues = linalg.eigvals(s1.matmul(s2));
        double traceRoot = eigenvalues.real.clamp_min(0).sqrt().sum().item<double>();
        double expected = (mu1 - mu2).square().sum().item<double>() + s1.trace().item<double>() + s2.trace().item<double>() - 2 * traceRoot;
        Assert.True(Math.Abs(distance - expected) <= 1e-6 * expected, $"expected {expected:R}, got {distance:R}");
    }

    [Fact]
    public void Compute_StreamingStatistics_EqualsTheDistanceOfOneShotMomentsOfTheConcatenation()
    {
        using var generator = new Generator(24);
        using var x = randn([500, 10], ScalarType.Float64, generator: generator);
        using var y = randn([400, 10], ScalarType.Float64, generator: generator).matmul(RandomMatrices.Spd(10, generator)) + 0.3;
        var a = new GaussianStatistics();
        var b = new GaussianStatistics();
        for (int start = 0; start < 500; start += 125)
            a.Add(x.narrow(0, start, 125));
        for (int start = 0; start < 400; start += 64)
            b.Add(y.narrow(0, start, Math.Min(64, 400 - start)));

        double streamed = FrechetDistance.Compute(a, b);

        double oneShot = FrechetDistance.Compute(x.mean([0]), cov(x.t()), y.mean([0]), cov(y.t()));
        Assert.True(Math.Abs(streamed - oneShot) <= 1e-10 * oneShot, $"{streamed:R} vs {oneShot:R}");
    }

    [Fact]
    public void Compute_FewerSamplesThanDimensions_IsFiniteAndNonNegative()
    {
        using var generator = new Generator(25);
        var a = new GaussianStatistics();
        var b = new GaussianStatistics();
        a.Add(randn([5, 32], generator: generator));
        b.Add(randn([5, 32], generator: generator) + 1);

        double distance = FrechetDistance.Compute(a, b);

        Assert.True(double.IsFinite(distance));
        Assert.True(distance > 0);
    }

    [Fact]
    public void Compute_OneSampleOnASide_ThrowsArgumentExceptionNamingIt()
    {
        var a = new GaussianStatistics();
        var b = new GaussianStatistics();
        a.Add(ones(3, 4));
        b.Add(ones(1, 4));

        var error = Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(a, b));

        Assert.Equal("b", error.ParamName);
        Assert.Contains("at least 2 samples", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_DimensionsDiffer_ThrowsArgumentException()
    {
        var a = new GaussianStatistics();
        var b = new GaussianStatistics();
        a.Add(randn(3, 4));
        b.Add(randn(3, 5));

        Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(a, b));
        Assert.Throws<ArgumentException>(() => FrechetDistance.Compute([0.0, 0], Diagonal([1, 1]), [0.0, 0, 0], Diagonal([1, 1, 1])));
        Assert.Throws<ArgumentException>(() => FrechetDistance.Compute([0.0, 0], Diagonal([1, 1, 1]), [0.0, 0], Diagonal([1, 1])));
    }

    [Fact]
    public void Compute_NaNInCovariance_ThrowsArgumentException()
    {
        var bad = Diagonal([1, 1]);
        bad[0, 1] = double.NaN;

        Assert.Throws<ArgumentException>(() => FrechetDistance.Compute([0.0, 0], bad, [0.0, 0], Diagonal([1, 1])));
    }

    private static double[,] Diagonal(double[] values)
    {
        var result = new double[values.Length, values.Length];
        for (int i = 0; i < values.Length; i++)
            result[i, i] = values[i];
        return result;
    }
}
