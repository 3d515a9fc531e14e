using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Data;

/// <summary>
/// MNIST digits in memory: labels and pixel intensities (thousandths of 0..1), and their conversion
/// to the model's input: 1×32×32 float images in [−1, 1], the 28×28 digit centred with 2 px of
/// background on every side.
/// </summary>
public sealed class MnistDataset
{
    private readonly byte[] _labels;
    private readonly ushort[] _pixels;

    /// <summary>Creates a dataset from labels and row-major pixels (thousandths).</summary>
    public MnistDataset(byte[] labels, ushort[] pixels, int rows = 28, int cols = 28)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != (long)labels.Length * rows * cols)
            throw new ArgumentException($"{labels.Length} images need {labels.Length * rows * cols} pixels, got {pixels.Length}", nameof(pixels));
        if (labels.Any(l => l > 9))
            throw new ArgumentException("labels must be digits 0..9", nameof(labels));
        _labels = labels;
        _pixels = pixels;
        Rows = rows;
        Cols = cols;
    }

    /// <summary>Number of digits.</summary>
    public int Count => _labels.Length;

    /// <summary>Rows per digit (28).</summary>
    public int Rows { get; }

    /// <summary>Columns per digit (28).</summary>
    public int Cols { get; }

    /// <summary>Row-major pixels of every digit, in thousandths of full intensity.</summary>
    internal ushort[] RawPixels => _pixels;

    /// <summary>The digit each image shows.</summary>
    public IReadOnlyList<byte> Labels => _labels;

    /// <summary>Images at <paramref name="indices"/> as float32 [n, 1, size, size] in [−1, 1], centred and padded.</summary>
    public Tensor Images(IReadOnlyList<int> indices, int size = 32)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (size < Rows || size < Cols)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"must be at least {Math.Max(Rows, Cols)}");
        int top = (size - Rows) / 2, left = (size - Cols) / 2;
        var values = new float[indices.Count * size * size];
        Array.Fill(values, -1f);
        for (int n = 0; n < indices.Count; n++)
        {
            int image = indices[n];
            if (image < 0 || image >= Count)
                throw new ArgumentOutOfRangeException(nameof(indices), image, $"image index must be in 0..{Count - 1}");
            for (int r = 0; r < Rows; r++)
            {
                for (int c = 0; c < Cols; c++)
                {
                    ushort v = _pixels[(image * Rows + r) * Cols + c];
                    values[(n * size + top + r) * size + left + c] = v / 500f - 1f;
                }
            }
        }
        return tensor(values, [indices.Count, 1, size, size]);
    }

    /// <summary>Labels at <paramref name="indices"/> as an int64 tensor [n].</summary>
    public Tensor LabelTensor(IReadOnlyList<int> indices) =>
        tensor(indices.Select(i => (long)_labels[i]).ToArray(), [indices.Count]);
}
