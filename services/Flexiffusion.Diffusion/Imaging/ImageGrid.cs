using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Imaging;

/// <summary>
/// Tiles a batch of model outputs [N, C, H, W] (C = 1 or 3, values in [-1, 1]) into one PNG grid,
/// with <c>padding</c> black pixels between and around the tiles, row by row as in torchvision's
/// <c>make_grid</c>.
/// </summary>
public static class ImageGrid
{
    /// <summary>Encodes <paramref name="images"/> as a PNG grid of <paramref name="columns"/> tiles per row (default ⌈√N⌉, at most N).</summary>
    /// <remarks>
    /// A value x is clamped to [-1, 1] (NaN counts as -1) and stored as round((x + 1) / 2 · 255) with
    /// ties rounded up, so -1 → 0, 0 → 128 and 1 → 255. The tensor may live on any device; it is
    /// copied to the CPU and all temporaries are freed.
    /// </remarks>
    /// <exception cref="ArgumentException">The tensor is not a floating [N, C, H, W] batch with C = 1 or 3, or columns/padding is out of range.</exception>
    public static byte[] ToPng(Tensor images, int? columns = null, int padding = 2)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[0] < 1 || images.shape[1] is not (1 or 3) || images.shape[2] < 1 || images.shape[3] < 1)
            throw new ArgumentException($"images must be [N, C, H, W] with N ≥ 1 and C = 1 or 3, got [{string.Join(", ", images.shape)}].", nameof(images));
        if (!is_floating_point(images))
            throw new ArgumentException($"images must hold floating-point values in [-1, 1], got {images.dtype}.", nameof(images));
        if (columns < 1)
            throw new ArgumentException($"columns must be at least 1, got {columns}.", nameof(columns));
        if (padding < 0)
            throw new ArgumentException($"padding must not be negative, got {padding}.", nameof(padding));

        var (n, c, h, w) = ((int)images.shape[0], (int)images.shape[1], (int)images.shape[2], (int)images.shape[3]);
        var cols = Math.Min(columns ?? (int)Math.Ceiling(Math.Sqrt(n)), n);
        var rows = (n + cols - 1) / cols;
        var gridW = cols * (w + padding) + padding;
        var gridH = rows * (h + padding) + padding;

        float[] values;
        using (NewDisposeScope())
            values = images.detach().to(ScalarType.Float32, CPU).contiguous().data<float>().ToArray();

        var pixels = new byte[gridW * gridH * c];
        for (var i = 0; i < n; i++)
        {
            var (top, left) = (padding + i / cols * (h + padding), padding + i % cols * (w + padding));
            for (var ch = 0; ch < c; ch++)
                for (var y = 0; y < h; y++)
                {
                    var src = ((i * c + ch) * h + y) * w;
                    var dst = ((top + y) * gridW + left) * c + ch;
                    for (var x = 0; x < w; x++)
                        pixels[dst + x * c] = ToByte(values[src + x]);
                }
        }
        return PngEncoder.Encode(pixels, gridW, gridH, c);
    }

    /// <summary>Writes the PNG grid of <see cref="ToPng"/> to <paramref name="path"/>.</summary>
    public static void Save(Tensor images, string path, int? columns = null, int padding = 2)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllBytes(path, ToPng(images, columns, padding));
    }

    private static byte ToByte(float value)
    {
        double x = value >= -1f ? (value <= 1f ? value : 1f) : -1f;
        return (byte)Math.Floor((x + 1) / 2 * 255 + 0.5);
    }
}
