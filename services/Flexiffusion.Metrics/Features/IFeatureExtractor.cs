using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Features;

/// <summary>
/// Maps images to the feature space of FID and rFID. Implement it to bring another network: load
/// your TorchSharp module, apply its input transform in <see cref="Extract"/> (resize, channel
/// repeat, normalisation), and give a <see cref="Checksum"/> that changes whenever the weights or
/// the transform do — it is part of every cache key.
/// </summary>
public interface IFeatureExtractor
{
    /// <summary>A short name for reports.</summary>
    string Name { get; }

    /// <summary>Identity of the weights and transform (e.g. SHA-256 of the weights file plus a transform tag).</summary>
    string Checksum { get; }

    /// <summary>Length of one feature vector.</summary>
    int Dimension { get; }

    /// <summary>Features [n, <see cref="Dimension"/>] (float32, CPU) of images [n, C, H, W] in [−1, 1].</summary>
    Tensor Extract(Tensor images);
}
