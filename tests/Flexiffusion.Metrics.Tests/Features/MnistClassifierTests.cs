using Flexiffusion.Metrics.Features;
using Flexiffusion.Metrics.Tests.TestSupport;
using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Tests.Features;

public class MnistClassifierTests
{
    [Fact]
    public void Forward_BatchOfImages_ReturnsTenLogitsPerImage()
    {
        manual_seed(1);
        using var model = new MnistClassifier();
        model.eval();
        using var x = rand(3, 1, 32, 32) * 2 - 1;
        using var noGrad = no_grad();

        using var logits = model.forward(x);

        Assert.Equal([3L, 10L], logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
    }

    [Fact]
    public void Features_BatchOfImages_Returns128NonNegativeValuesPerImage()
    {
        manual_seed(2);
        using var model = new MnistClassifier();
        model.eval();
        using var x = rand(5, 1, 32, 32) * 2 - 1;
        using var noGrad = no_grad();

        using var features = model.Features(x);

        Assert.Equal(128, MnistClassifier.FeatureDimension);
        Assert.Equal([5L, (long)MnistClassifier.FeatureDimension], features.shape);
        Assert.True(features.min().item<float>() >= 0);
        Assert.True(features.max().item<float>() > 0);
    }

    [Fact]
    public void Probabilities_BatchOfImages_RowsArePositiveAndSumToOne()
    {
        manual_seed(3);
        using var model = new MnistClassifier();
        model.eval();
        using var x = rand(4, 1, 32, 32) * 2 - 1;
        using var noGrad = no_grad();

        using var probabilities = model.Probabilities(x);

        Assert.Equal([4L, 10L], probabilities.shape);
        Assert.True(probabilities.min().item<float>() > 0);
        using var sums = probabilities.sum(1);
        Assert.True(allclose(sums, ones(4), 1e-5, 1e-5));
    }

    [Fact]
    public void Features_InEvalMode_DoNotDependOnTheRestOfTheBatch()
    {
        manual_seed(4);
        using var model = new MnistClassifier();
        model.eval();
        using var x = rand(6, 1, 32, 32) * 2 - 1;
        using var noGrad = no_grad();

        using var batch = model.Features(x);
        using var single = model.Features(x.narrow(0, 2, 1));

        Assert.True(allclose(batch.narrow(0, 2, 1), single, 1e-5, 1e-5));
    }

    [Theory]
    [InlineData(new long[] { 2, 1, 28, 28 })]
    [InlineData(new long[] { 2, 3, 32, 32 })]
    [InlineData(new long[] { 1, 32, 32 })]
    public void Features_WrongInputShape_ThrowsArgumentException(long[] shape)
    {
        using var model = new MnistClassifier();
        using var x = zeros(shape);

        Assert.Throws<ArgumentException>(() => model.Features(x));
        Assert.Throws<ArgumentException>(() => model.forward(x));
    }

    [Fact]
    public void SaveThenLoad_TrainedBatchNormStatistics_ReproduceOutputsBitExactly()
    {
        manual_seed(5);
        using var model = new MnistClassifier();
        using var x = rand(8, 1, 32, 32) * 2 - 1;
        using (no_grad())
        {
            model.train();
            using var warm = model.forward(x * 0.5 + 0.2);
        }
        model.eval();
        string path = Path.Combine(Path.GetTempPath(), $"classifier-{Guid.NewGuid():N}.bin");
        try
        {
            model.save(path);
            manual_seed(6);
            using var loaded = new MnistClassifier();
            loaded.load(path);
            loaded.eval();
            using var noGrad = no_grad();

            using var expectedLogits = model.forward(x);
            using var actualLogits = loaded.forward(x);
            using var expectedFeatures = model.Features(x);
            using var actualFeatures = loaded.Features(x);

            Assert.True(TensorEquality.Identical(expectedLogits, actualLogits));
            Assert.True(TensorEquality.Identical(expectedFeatures, actualFeatures));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
