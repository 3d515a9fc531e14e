using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Features;

/// <summary>
/// A small CNN digit classifier whose penultimate activations are the 128-d features of the
/// Fréchet distance on MNIST (the "Fréchet LeNet Distance" precedent): two 3×3 conv–BatchNorm–ReLU
/// pairs at 32×32 (32 channels), max-pool, two at 16×16 (64 channels), max-pool, flatten (64·8·8),
/// linear → 128 with ReLU (the features), dropout, linear → 10 logits. Inputs are images
/// [n, 1, 32, 32] in [−1, 1], the diffusion model's range. Call <c>eval()</c> before extracting
/// features: BatchNorm then uses its running statistics and dropout is off, so outputs are
/// deterministic and independent of the batch.
/// </summary>
public sealed class MnistClassifier : nn.Module<Tensor, Tensor>
{
    /// <summary>Length of the feature vector <see cref="Features"/> returns.</summary>
    public const int FeatureDimension = 128;

    /// <summary>Side of the square input images.</summary>
    public const int ImageSize = 32;

    /// <summary>Number of classes (digits).</summary>
    public const int ClassCount = 10;

    private const double DropoutRate = 0.3;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Conv2d conv4;
    private readonly BatchNorm2d bn4;
    private readonly Linear fc1;
    private readonly Dropout dropout;
    private readonly Linear fc2;

    /// <summary>Creates the network with freshly initialised weights (seed with <c>torch.manual_seed</c>).</summary>
    public MnistClassifier() : base("mnist_classifier")
    {
        conv1 = nn.Conv2d(1, 32, 3, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(32);
        conv2 = nn.Conv2d(32, 32, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(32);
        conv3 = nn.Conv2d(32, 64, 3, padding: 1, bias: false);
        bn3 = nn.BatchNorm2d(64);
        conv4 = nn.Conv2d(64, 64, 3, padding: 1, bias: false);
        bn4 = nn.BatchNorm2d(64);
        fc1 = nn.Linear(64 * 8 * 8, FeatureDimension);
        dropout = nn.Dropout(DropoutRate);
        fc2 = nn.Linear(FeatureDimension, ClassCount);
        RegisterComponents();
    }

    /// <summary>Images [n, 1, 32, 32] in [−1, 1] → logits [n, 10].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return fc2.call(dropout.call(Features(x))).MoveToOuterDisposeScope();
    }

    /// <summary>Images [n, 1, 32, 32] in [−1, 1] → penultimate activations [n, <see cref="FeatureDimension"/>] (after ReLU).</summary>
    /// <exception cref="ArgumentException">The input is not [n, 1, 32, 32].</exception>
    public Tensor Features(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 4 || x.shape[1] != 1 || x.shape[2] != ImageSize || x.shape[3] != ImageSize)
            throw new ArgumentException($"expected images [n, 1, {ImageSize}, {ImageSize}], got [{string.Join(", ", x.shape)}]", nameof(x));
        using var scope = NewDisposeScope();
        var h = nn.functional.relu(bn1.call(conv1.call(x)));
        h = nn.functional.relu(bn2.call(conv2.call(h)));
        h = nn.functional.max_pool2d(h, 2);
        h = nn.functional.relu(bn3.call(conv3.call(h)));
        h = nn.functional.relu(bn4.call(conv4.call(h)));
        h = nn.functional.max_pool2d(h, 2);
        return nn.functional.relu(fc1.call(h.flatten(1))).MoveToOuterDisposeScope();
    }

    /// <summary>Images [n, 1, 32, 32] in [−1, 1] → class probabilities [n, 10] (softmax of the logits).</summary>
    public Tensor Probabilities(Tensor x)
    {
        using var scope = NewDisposeScope();
        return nn.functional.softmax(forward(x), 1).MoveToOuterDisposeScope();
    }
}
