using Flexiffusion.Metrics.Features;
using Flexiffusion.Metrics.Tests.TestSupport;
using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Tests.Features;

public class ClassifierTrainerTests
{
    [Fact]
    public void Train_SeparableSyntheticClasses_LossFallsAndAccuracyRises()
    {
        var (images, labels) = SyntheticStrokes.Create(200, seed: 1);
        var (heldOutImages, heldOutLabels) = SyntheticStrokes.Create(100, seed: 2);
        using var _ = images;
        using var __ = labels;
        using var ___ = heldOutImages;
        using var ____ = heldOutLabels;
        using var trainer = new ClassifierTrainer(new ClassifierTrainingOptions { Epochs = 2, BatchSize = 32, Seed = 3 });
        double before = ClassifierTrainer.Accuracy(trainer.Model, heldOutImages, heldOutLabels);
        var reported = new List<ClassifierEpoch>();

        var result = trainer.Train(images, labels, heldOutImages, heldOutLabels, new InlineProgress<ClassifierEpoch>(reported.Add));

        Assert.Equal(2, result.History.Count);
        Assert.Equal(result.History, reported);
        Assert.True(result.History[1].TrainLoss < result.History[0].TrainLoss, $"loss {result.History[0].TrainLoss} → {result.History[1].TrainLoss}");
        Assert.True(result.HeldOutAccuracy >= 0.95, $"accuracy {result.HeldOutAccuracy} (before training {before})");
        Assert.True(result.HeldOutAccuracy > before + 0.2, $"accuracy {before} → {result.HeldOutAccuracy}");
        Assert.False(trainer.Model.training);
    }

    [Fact]
    public void Train_SameSeedTwice_GivesIdenticalWeights()
    {
        var (images, labels) = SyntheticStrokes.Create(48, seed: 4);
        using var _ = images;
        using var __ = labels;
        var options = new ClassifierTrainingOptions { Epochs = 1, BatchSize = 16, Seed = 5 };

        using var first = new ClassifierTrainer(options);
        var firstResult = first.Train(images, labels, images, labels);
        manual_seed(999);
        using var second = new ClassifierTrainer(options);
        var secondResult = second.Train(images, labels, images, labels);

        Assert.Equal(firstResult.History[0].TrainLoss, secondResult.History[0].TrainLoss);
        foreach (var (a, b) in first.Model.parameters().Zip(second.Model.parameters()))
            Assert.True(TensorEquality.Identical(a, b));
    }

    [Fact]
    public void Shift_OnePixelImage_MovesItByAtMostMaxAndFillsWithBackground()
    {
        using var x = full([64, 1, 32, 32], -1f);
        x[.., 0, 16, 16] = tensor(1f);
        var random = new Random(6);

        using var moved = ClassifierTrainer.Shift(x, 2, random);

        Assert.Equal(x.shape, moved.shape);
        var offsets = new HashSet<(long, long)>();
        for (int i = 0; i < 64; i++)
        {
            using var lit = nonzero(moved[i, 0].gt(0));
            Assert.Equal(1, lit.shape[0]);
            long r = lit[0, 0].item<long>(), c = lit[0, 1].item<long>();
            Assert.InRange(r, 14, 18);
            Assert.InRange(c, 14, 18);
            offsets.Add((r, c));
        }
        Assert.True(offsets.Count > 10, $"only {offsets.Count} distinct shifts");
        Assert.Equal(64 * 32 * 32 - 64, moved.eq(-1f).sum().item<long>());
    }

    [Theory]
    [InlineData(0, 128, 1e-3, "epochs")]
    [InlineData(1, 1, 1e-3, "batchSize")]
    [InlineData(1, 128, 0.0, "learningRate")]
    public void Validate_FieldOutOfRange_ThrowsNamingIt(int epochs, int batchSize, double learningRate, string field)
    {
        var options = new ClassifierTrainingOptions { Epochs = epochs, BatchSize = batchSize, LearningRate = learningRate };

        var error = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void Train_LabelsOfWrongLengthOrType_ThrowsArgumentException()
    {
        var (images, labels) = SyntheticStrokes.Create(8, seed: 7);
        using var _ = images;
        using var __ = labels;
        using var shortLabels = labels.narrow(0, 0, 7);
        using var floatLabels = labels.to(ScalarType.Float32);
        using var trainer = new ClassifierTrainer(new ClassifierTrainingOptions { Epochs = 1 });

        Assert.Throws<ArgumentException>(() => trainer.Train(images, shortLabels, images, labels));
        Assert.Throws<ArgumentException>(() => trainer.Train(images, labels, images, floatLabels));
    }

    [Fact]
    public void LearningRateAt_CosineSchedule_StartsAtTheRateAndDecaysTowardZero()
    {
        var options = new ClassifierTrainingOptions { LearningRate = 1e-3 };

        Assert.Equal(1e-3, options.LearningRateAt(0, 100), 15);
        Assert.Equal(0.5e-3, options.LearningRateAt(50, 100), 15);
        Assert.True(options.LearningRateAt(99, 100) < 1e-6);
    }

    private sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value) => handler(value);
    }
}
