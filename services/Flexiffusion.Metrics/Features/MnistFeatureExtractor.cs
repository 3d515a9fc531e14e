using System.Security.Cryptography;
using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Features;

/// <summary>The shipped MNIST feature network's 128-d penultimate activations, as an <see cref="IFeatureExtractor"/>.</summary>
public sealed class MnistFeatureExtractor : IFeatureExtractor, IDisposable
{
    private const int Chunk = 500;
    private readonly MnistClassifier _network;

    /// <summary>Loads the classifier weights from <paramref name="weightsPath"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public MnistFeatureExtractor(string weightsPath)
    {
        if (!File.Exists(weightsPath))
            throw new FileNotFoundException($"feature network weights '{weightsPath}' not found", weightsPath);
        _network = new MnistClassifier();
        _network.load(weightsPath);
        _network.eval();
        Checksum = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(weightsPath))) + "+pad32-pm1";
    }

    /// <inheritdoc />
    public string Name => "mnist-classifier";

    /// <inheritdoc />
    public string Checksum { get; }

    /// <inheritdoc />
    public int Dimension => MnistClassifier.FeatureDimension;

    /// <summary>The classifier itself (for class probabilities).</summary>
    public MnistClassifier Network => _network;

    /// <inheritdoc />
    public Tensor Extract(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        try
        {
            for (long start = 0; start < images.shape[0]; start += Chunk)
            {
                using var scope = NewDisposeScope();
                var batch = images[TensorIndex.Slice(start, Math.Min(start + Chunk, images.shape[0]))];
                parts.Add(_network.Features(batch).to(ScalarType.Float32, CPU).DetachFromDisposeScope());
            }
            return parts.Count == 1 ? parts[0].detach() : cat(parts, 0);
        }
        finally
        {
            foreach (var part in parts)
                part.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _network.Dispose();
}
