using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Flexiffusion.Metrics.Statistics;
using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Features;

/// <summary>
/// Features of a set of images, kept whole (not only their moments) so that both the Fréchet distance
/// and KID can be computed, and serialisable for caches: magic <c>FXFEAT01</c>, count, dimension,
/// float32 values, SHA-256.
/// </summary>
public sealed class FeatureSet
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("FXFEAT01");
    private readonly float[] _values;

    /// <summary>Creates a set from row-major values [count, dimension].</summary>
    public FeatureSet(float[] values, int count, int dimension)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (count < 0 || dimension < 1 || values.Length != (long)count * dimension)
            throw new ArgumentException($"{values.Length} values do not form [{count}, {dimension}]", nameof(values));
        _values = values;
        Count = count;
        Dimension = dimension;
    }

    /// <summary>Number of feature vectors.</summary>
    public int Count { get; }

    /// <summary>Length of each vector.</summary>
    public int Dimension { get; }

    /// <summary>Copies a [n, d] tensor.</summary>
    public static FeatureSet FromTensor(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() != 2)
            throw new ArgumentException($"features must be [n, d], got [{string.Join(", ", features.shape)}]", nameof(features));
        using var cpu = features.to(ScalarType.Float32, CPU).contiguous();
        return new FeatureSet(cpu.data<float>().ToArray(), (int)features.shape[0], (int)features.shape[1]);
    }

    /// <summary>The features as a float32 tensor [count, dimension].</summary>
    public Tensor ToTensor() => tensor(_values, [Count, Dimension]);

    /// <summary>Mean and covariance of the features.</summary>
    public GaussianStatistics Statistics()
    {
        var statistics = new GaussianStatistics(Dimension);
        using var features = ToTensor();
        statistics.Add(features);
        return statistics;
    }

    /// <summary>The serialised form.</summary>
    public byte[] ToBytes()
    {
        var data = new byte[8 + 8 + _values.Length * 4 + 32];
        Magic.CopyTo(data, 0);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(8), Count);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(12), Dimension);
        for (int i = 0; i < _values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(16 + 4 * i), _values[i]);
        SHA256.HashData(data.AsSpan(0, data.Length - 32), data.AsSpan(data.Length - 32));
        return data;
    }

    /// <summary>Reads the serialised form.</summary>
    /// <exception cref="InvalidDataException">Not this format, truncated, or failing its checksum.</exception>
    public static FeatureSet FromBytes(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < 48 || !data.AsSpan(0, 8).SequenceEqual(Magic))
            throw new InvalidDataException("not a Flexiffusion feature set");
        int count = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(8));
        int dimension = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(12));
        if (count < 0 || dimension < 1 || data.Length != 16 + 4L * count * dimension + 32)
            throw new InvalidDataException("truncated feature set");
        if (!SHA256.HashData(data.AsSpan(0, data.Length - 32)).AsSpan().SequenceEqual(data.AsSpan(data.Length - 32)))
            throw new InvalidDataException("feature set fails its SHA-256 check");
        var values = new float[count * dimension];
        for (int i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(16 + 4 * i));
        return new FeatureSet(values, count, dimension);
    }
}
