using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Flexiffusion.Metrics.Statistics;

/// <summary>
/// The cache file: magic <c>FXGAUSS1</c>, count (int64), dimension (int32), the mean and the
/// co-moment matrix Σ (x − μ)(x − μ)ᵀ as little-endian float64, then the SHA-256 of everything
/// before it. Storing the co-moment rather than the covariance lets loaded statistics keep
/// accumulating exactly.
/// </summary>
public sealed partial class GaussianStatistics
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("FXGAUSS1");
    private const int HeaderSize = 8 + 8 + 4;
    private const int HashSize = 32;

    /// <summary>Writes the statistics to <paramref name="path"/> atomically (a temporary file, then a rename).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int values = Dimension + Dimension * Dimension;
        var data = new byte[HeaderSize + values * sizeof(double) + HashSize];
        Magic.CopyTo(data, 0);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(8), Count);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(16), Dimension);
        int offset = HeaderSize;
        foreach (double v in _mean.Concat(_comoment))
        {
            BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(offset), v);
            offset += sizeof(double);
        }
        SHA256.HashData(data.AsSpan(0, offset), data.AsSpan(offset));
        string temp = path + ".tmp";
        File.WriteAllBytes(temp, data);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads statistics written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not this format, is truncated, or fails its checksum.</exception>
    public static GaussianStatistics Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] data = File.ReadAllBytes(path);
        if (data.Length < HeaderSize + HashSize || !data.AsSpan(0, 8).SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a Flexiffusion Gaussian-statistics file");
        long count = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(8));
        int dimension = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(16));
        long expected = HeaderSize + (dimension + (long)dimension * dimension) * sizeof(double) + HashSize;
        if (count < 0 || dimension < 0 || dimension > 65536 || (dimension == 0 && count > 0) || data.Length != expected)
            throw new InvalidDataException($"'{path}' is truncated or corrupt ({data.Length} bytes, expected {expected})");
        int end = data.Length - HashSize;
        if (!SHA256.HashData(data.AsSpan(0, end)).AsSpan().SequenceEqual(data.AsSpan(end)))
            throw new InvalidDataException($"'{path}' fails its SHA-256 check (corrupt)");
        var mean = new double[dimension];
        var comoment = new double[dimension * dimension];
        int offset = HeaderSize;
        for (int i = 0; i < mean.Length; i++, offset += sizeof(double))
            mean[i] = BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(offset));
        for (int i = 0; i < comoment.Length; i++, offset += sizeof(double))
            comoment[i] = BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(offset));
        return new GaussianStatistics(count, mean, comoment);
    }
}
