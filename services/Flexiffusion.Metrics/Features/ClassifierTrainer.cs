using System.Diagnostics;
using Flexiffusion.Diffusion.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Features;

/// <summary>
/// Trains an <see cref="MnistClassifier"/> with cross-entropy and Adam (learning rate decaying along
/// a cosine to 0), shuffling each epoch with <see cref="MnistSplit.Shuffle"/> and shifting each
/// training image by up to <see cref="ClassifierTrainingOptions.MaxShift"/> pixels (the uncovered
/// border is background, −1). Weights, batch order, shifts and dropout all derive from the seed, so
/// a run repeats exactly on the same machine.
/// </summary>
public sealed class ClassifierTrainer : IDisposable
{
    private const int EvaluationBatch = 500;

    private readonly ClassifierTrainingOptions _options;
    private readonly Adam _optimizer;

    /// <summary>Creates the network (seeded by <see cref="ClassifierTrainingOptions.Seed"/>) and its optimizer.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ClassifierTrainer(ClassifierTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
        manual_seed(options.Seed);
        Model = new MnistClassifier();
        _optimizer = optim.Adam(Model.parameters(), options.LearningRate);
    }

    /// <summary>The network being trained; in eval mode once <see cref="Train(Tensor, Tensor, Tensor, Tensor, IProgress{ClassifierEpoch}?, CancellationToken)"/> returns.</summary>
    public MnistClassifier Model { get; }

    /// <summary>Trains on <paramref name="split"/>'s training digits and measures accuracy on its held-out digits after every epoch.</summary>
    public ClassifierTrainingResult Train(MnistDataset data, MnistSplit split, IProgress<ClassifierEpoch>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(split);
        using var trainImages = data.Images(split.Train, MnistClassifier.ImageSize);
        using var trainLabels = data.LabelTensor(split.Train);
        using var heldOutImages = data.Images(split.HeldOut, MnistClassifier.ImageSize);
        using var heldOutLabels = data.LabelTensor(split.HeldOut);
        return Train(trainImages, trainLabels, heldOutImages, heldOutLabels, progress, cancellationToken);
    }

    /// <summary>
    /// Trains on images [n, 1, 32, 32] in [−1, 1] with int64 labels [n] in 0..9, measuring accuracy on
    /// the held-out pair after every epoch; returns the final accuracy and the history.
    /// </summary>
    /// <exception cref="ArgumentException">A shape, dtype or count is wrong.</exception>
    public ClassifierTrainingResult Train(Tensor trainImages, Tensor trainLabels, Tensor heldOutImages, Tensor heldOutLabels,
        IProgress<ClassifierEpoch>? progress = null, CancellationToken cancellationToken = default)
    {
        int n = CheckPair(trainImages, trainLabels, nameof(trainImages), nameof(trainLabels));
        CheckPair(heldOutImages, heldOutLabels, nameof(heldOutImages), nameof(heldOutLabels));
        var clock = Stopwatch.StartNew();
        int batchSize = Math.Min(_options.BatchSize, n);
        int batches = (n + batchSize - 1) / batchSize;
        int steps = _options.Epochs * batches;
        var history = new List<ClassifierEpoch>();
        // Dropout draws from the global generator: reseeding keeps the run independent of what ran since construction.
        manual_seed(_options.Seed * 1_000_003 + 1);
        for (int epoch = 0; epoch < _options.Epochs; epoch++)
        {
            Model.train();
            int[] order = MnistSplit.Shuffle(n, _options.Seed * 1_000_003 + epoch);
            var shifts = new Random(unchecked((int)(_options.Seed * 7919 + epoch)));
            double lossSum = 0;
            for (int b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                foreach (var group in _optimizer.ParamGroups)
                    group.LearningRate = _options.LearningRateAt(epoch * batches + b, steps);
                var indices = order.AsSpan(b * batchSize, Math.Min(batchSize, n - b * batchSize)).ToArray();
                using var index = tensor(indices.Select(i => (long)i).ToArray(), ScalarType.Int64);
                var x = trainImages.index_select(0, index);
                var y = trainLabels.index_select(0, index);
                if (_options.MaxShift > 0)
                    x = Shift(x, _options.MaxShift, shifts);
                var loss = nn.functional.cross_entropy(Model.forward(x), y);
                _optimizer.zero_grad();
                loss.backward();
                _optimizer.step();
                lossSum += loss.item<float>() * indices.Length;
            }
            double accuracy = Accuracy(Model, heldOutImages, heldOutLabels);
            var done = new ClassifierEpoch(epoch + 1, _options.Epochs, lossSum / n, accuracy, clock.Elapsed);
            history.Add(done);
            progress?.Report(done);
        }
        Model.eval();
        return new ClassifierTrainingResult(history[^1].HeldOutAccuracy, history, clock.Elapsed);
    }

    /// <summary>The fraction of <paramref name="images"/> that <paramref name="model"/> labels correctly; leaves the model in eval mode.</summary>
    public static double Accuracy(MnistClassifier model, Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        int n = CheckPair(images, labels, nameof(images), nameof(labels));
        model.eval();
        using var noGrad = no_grad();
        long correct = 0;
        for (int start = 0; start < n; start += EvaluationBatch)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(EvaluationBatch, n - start);
            var predicted = model.forward(images.narrow(0, start, count)).argmax(1);
            correct += predicted.eq(labels.narrow(0, start, count)).sum().item<long>();
        }
        return (double)correct / n;
    }

    /// <summary>Moves each image by its own random (dy, dx) in −max..max, filling the uncovered border with −1.</summary>
    internal static Tensor Shift(Tensor x, int max, Random random)
    {
        long size = x.shape[2];
        var padded = nn.functional.pad(x, [max, max, max, max], value: -1);
        var moved = new Tensor[x.shape[0]];
        for (int i = 0; i < moved.Length; i++)
        {
            int dy = random.Next(-max, max + 1), dx = random.Next(-max, max + 1);
            moved[i] = padded[i].narrow(1, max + dy, size).narrow(2, max + dx, size);
        }
        return stack(moved);
    }

    private static int CheckPair(Tensor images, Tensor labels, string imagesName, string labelsName)
    {
        ArgumentNullException.ThrowIfNull(images, imagesName);
        ArgumentNullException.ThrowIfNull(labels, labelsName);
        const int s = MnistClassifier.ImageSize;
        if (images.dim() != 4 || images.shape[1] != 1 || images.shape[2] != s || images.shape[3] != s || images.shape[0] < 1)
            throw new ArgumentException($"{imagesName} must be [n ≥ 1, 1, {s}, {s}], got [{string.Join(", ", images.shape)}]", imagesName);
        if (labels.dtype != ScalarType.Int64 || !labels.shape.SequenceEqual([images.shape[0]]))
            throw new ArgumentException($"{labelsName} must be int64 [{images.shape[0]}], got {labels.dtype} [{string.Join(", ", labels.shape)}]", labelsName);
        return checked((int)images.shape[0]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Model.Dispose();
        _optimizer.Dispose();
    }
}
