using Flexiffusion.Diffusion.Pipeline.Internal;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Pipeline;

/// <summary>
/// Gaussian noise that is bit-identical on every machine and for every batch split: image i's noise
/// depends only on (seed, i) — and for step noise on the sampler position too — never on batch size,
/// device or libm, unlike <c>torch.randn</c>.
/// </summary>
/// <remarks>
/// Each (seed, stream, image) pair keys a counter-based SplitMix64 sequence turned into normals by
/// Marsaglia's polar method in double precision, then cast to float. Stream 0 is the initial noise;
/// stream p + 1 is the step noise of position p.
/// </remarks>
public sealed class NoiseBank
{
    private readonly int _imageSize;

    /// <summary>Creates the bank of <paramref name="seed"/> for images of shape [<paramref name="channels"/>, <paramref name="height"/>, <paramref name="width"/>].</summary>
    /// <exception cref="ArgumentException">A dimension is not positive, or one image exceeds 2³¹ − 1 values.</exception>
    public NoiseBank(long seed, int channels, int height, int width)
    {
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"image shape must be positive, got [{channels}, {height}, {width}].", channels <= 0 ? nameof(channels) : height <= 0 ? nameof(height) : nameof(width));
        var size = (long)channels * height * width;
        if (size > Array.MaxLength)
            throw new ArgumentException($"an image of [{channels}, {height}, {width}] has too many values ({size}).", nameof(channels));
        (Seed, Channels, Height, Width, _imageSize) = (seed, channels, height, width, (int)size);
    }

    /// <summary>The seed every value derives from.</summary>
    public long Seed { get; }

    /// <summary>Channels per image (C).</summary>
    public int Channels { get; }

    /// <summary>Image height in pixels (H).</summary>
    public int Height { get; }

    /// <summary>Image width in pixels (W).</summary>
    public int Width { get; }

    /// <summary>The initial noise x_T of images first … first + count − 1, float32 [count, C, H, W] on the CPU.</summary>
    public Tensor Initial(int first, int count) => Initial(Range(first, count));

    /// <summary>The initial noise of the given image indices, float32 [indices.Count, C, H, W] on the CPU.</summary>
    public Tensor Initial(IReadOnlyList<int> indices) => Generate(0, indices);

    /// <summary>The noise a stochastic sampler adds at step <paramref name="position"/> to images first … first + count − 1, float32 [count, C, H, W].</summary>
    public Tensor StepNoise(int first, int count, int position) => StepNoise(Range(first, count), position);

    /// <summary>The step noise of <paramref name="position"/> for the given image indices, float32 [indices.Count, C, H, W].</summary>
    public Tensor StepNoise(IReadOnlyList<int> indices, int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        return Generate((ulong)position + 1, indices);
    }

    private Tensor Generate(ulong stream, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if ((long)indices.Count * _imageSize > Array.MaxLength)
            throw new ArgumentException($"{indices.Count} images of {_imageSize} values do not fit in one tensor; request fewer.", nameof(indices));
        foreach (var index in indices)
            ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(indices));

        var values = new float[indices.Count * _imageSize];
        Parallel.For(0, indices.Count, i =>
            PolarGaussian.Fill(SplitMix64.Key(Seed, stream, indices[i]), values.AsSpan(i * _imageSize, _imageSize)));
        return tensor(values, [indices.Count, Channels, Height, Width]);
    }

    private static int[] Range(int first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)first + count - 1 > int.MaxValue)
            throw new ArgumentException($"images {first} … {(long)first + count - 1} run past index {int.MaxValue}.", nameof(count));
        return Enumerable.Range(first, count).ToArray();
    }
}
