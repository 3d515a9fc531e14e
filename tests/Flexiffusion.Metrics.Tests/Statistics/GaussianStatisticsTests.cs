using Flexiffusion.Metrics.Statistics;
using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Tests.Statistics;

public class GaussianStatisticsTests
{
    [Fact]
    public void Add_SeveralUnevenBatches_MatchesOneShotStatisticsOfTheConcatenation()
    {
        using var generator = new Generator(11);
        using var data = randn([301, 7], ScalarType.Float64, generator: generator) * 3 + 5;
        var statistics = new GaussianStatistics();

        foreach (var (start, length) in new[] { (0, 1), (1, 100), (101, 37), (138, 163) })
        {
            using var batch = data.narrow(0, start, length);
            statistics.Add(batch);
        }

        using var mean = data.mean([0]);
        using var centred = data - mean;
        using var covariance = centred.t().matmul(centred) / 300.0;
        Assert.Equal(301, statistics.Count);
        Assert.Equal(7, statistics.Dimension);
        AssertClose(mean.data<double>().ToArray(), statistics.Mean, 1e-12);
        AssertClose(covariance.contiguous().data<double>().ToArray(), Flatten(statistics.Covariance), 1e-12);
    }

    [Fact]
    public void Add_LargeCommonOffset_KeepsTheCovarianceAccurate()
    {
        using var generator = new Generator(12);
        using var noise = randn([4000, 3], ScalarType.Float64, generator: generator);
        using var shifted = noise + 1e8;
        var reference = new GaussianStatistics();
        var offset = new GaussianStatistics();

        for (int start = 0; start < 4000; start += 500)
        {
            using var plain = noise.narrow(0, start, 500);
            using var far = shifted.narrow(0, start, 500);
            reference.Add(plain);
            offset.Add(far);
        }

        AssertClose(Flatten(reference.Covariance), Flatten(offset.Covariance), 1e-6);
    }

    [Fact]
    public void Add_Float32Batch_AccumulatesInFloat64LikeTheSameValuesInFloat64()
    {
        using var generator = new Generator(13);
        using var single = randn([50, 4], generator: generator);
        using var widened = single.to(ScalarType.Float64);
        var fromSingle = new GaussianStatistics();
        var fromDouble = new GaussianStatistics();

        fromSingle.Add(single);
        fromDouble.Add(widened);

        Assert.Equal(fromDouble.Mean, fromSingle.Mean);
        Assert.Equal(fromDouble.Covariance, fromSingle.Covariance);
    }

    [Fact]
    public void Covariance_AfterAdding_IsExactlySymmetric()
    {
        using var generator = new Generator(14);
        var statistics = new GaussianStatistics();
        for (int i = 0; i < 3; i++)
        {
            using var batch = randn([33, 9], generator: generator) * (i + 1);
            statistics.Add(batch);
        }

        var covariance = statistics.Covariance;

        for (int i = 0; i < 9; i++)
        {
            for (int j = 0; j < 9; j++)
                Assert.Equal(covariance[i, j], covariance[j, i]);
        }
    }

    [Fact]
    public void Add_Statistics_EqualsAddingTheirBatches()
    {
        using var generator = new Generator(15);
        using var first = randn([40, 5], ScalarType.Float64, generator: generator);
        using var second = randn([25, 5], ScalarType.Float64, generator: generator) + 2;
        var direct = new GaussianStatistics();
        direct.Add(first);
        direct.Add(second);
        var merged = new GaussianStatistics();
        merged.Add(first);
        var other = new GaussianStatistics(5);
        other.Add(second);

        merged.Add(other);

        Assert.Equal(direct.Count, merged.Count);
        AssertClose(direct.Mean, merged.Mean, 1e-14);
        AssertClose(Flatten(direct.Covariance), Flatten(merged.Covariance), 1e-13);
    }

    [Fact]
    public void Add_DimensionDiffersFromEarlierBatch_ThrowsNamingBoth()
    {
        var statistics = new GaussianStatistics();
        using var first = zeros(4, 3);
        using var second = zeros(4, 5);
        statistics.Add(first);

        var error = Assert.Throws<ArgumentException>(() => statistics.Add(second));

        Assert.Contains("dimension 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("dimension 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_NotTwoDimensionalOrIntegerOrNonFinite_Throws()
    {
        var statistics = new GaussianStatistics(2);
        using var flat = zeros(6);
        using var integers = zeros([3, 2], ScalarType.Int32);
        using var withNaN = tensor(new[] { 1f, float.NaN, 2f, 3f }, [2, 2]);

        Assert.Throws<ArgumentException>(() => statistics.Add(flat));
        Assert.Throws<ArgumentException>(() => statistics.Add(integers));
        Assert.Throws<ArgumentException>(() => statistics.Add(withNaN));
        Assert.Equal(0, statistics.Count);
    }

    [Fact]
    public void Covariance_OneSample_ThrowsSayingTwoAreNeeded()
    {
        var statistics = new GaussianStatistics();
        using var one = ones(1, 3);
        statistics.Add(one);

        var error = Assert.Throws<InvalidOperationException>(() => statistics.Covariance);

        Assert.Contains("at least 2 samples", error.Message, StringComparison.Ordinal);
        Assert.Equal([1.0, 1.0, 1.0], statistics.Mean);
    }

    [Fact]
    public void Mean_NoSamples_Throws()
    {
        var statistics = new GaussianStatistics(3);

        Assert.Throws<InvalidOperationException>(() => statistics.Mean);
    }

    [Fact]
    public void SaveThenLoad_RoundTrip_PreservesValuesAndKeepsAccumulatingExactly()
    {
        using var generator = new Generator(16);
        using var first = randn([30, 6], ScalarType.Float64, generator: generator);
        using var second = randn([20, 6], ScalarType.Float64, generator: generator);
        var uninterrupted = new GaussianStatistics();
        uninterrupted.Add(first);
        var saved = new GaussianStatistics();
        saved.Add(first);
        string path = Path.Combine(Path.GetTempPath(), $"gauss-{Guid.NewGuid():N}.bin");
        try
        {
            saved.Save(path);
            var loaded = GaussianStatistics.Load(path);

            Assert.Equal(saved.Count, loaded.Count);
            Assert.Equal(saved.Mean, loaded.Mean);
            Assert.Equal(saved.Covariance, loaded.Covariance);
            uninterrupted.Add(second);
            loaded.Add(second);
            Assert.Equal(uninterrupted.Mean, loaded.Mean);
            Assert.Equal(uninterrupted.Covariance, loaded.Covariance);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_CorruptedByte_ThrowsInvalidData()
    {
        var statistics = new GaussianStatistics();
        using var data = eye(4);
        statistics.Add(data);
        string path = Path.Combine(Path.GetTempPath(), $"gauss-{Guid.NewGuid():N}.bin");
        try
        {
            statistics.Save(path);
            byte[] bytes = File.ReadAllBytes(path);
            bytes[40] ^= 1;
            File.WriteAllBytes(path, bytes);

            var error = Assert.Throws<InvalidDataException>(() => GaussianStatistics.Load(path));

            Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
            File.WriteAllBytes(path, bytes[..30]);
            Assert.Throws<InvalidDataException>(() => GaussianStatistics.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static double[] Flatten(double[,] matrix) => [.. matrix.Cast<double>()];

    private static void AssertClose(double[] expected, double[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * scale, $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
