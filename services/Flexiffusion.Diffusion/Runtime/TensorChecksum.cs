using System.Runtime.InteropServices;
using System.Security.Cryptography;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Runtime;

/// <summary>A bit-exact fingerprint of a float32 tensor: equal checksums mean equal shapes and equal bits.</summary>
public static class TensorChecksum
{
    /// <summary><c>sha256:</c> and the hex SHA-256 of the shape and the float32 values in row-major order.</summary>
    public static string Sha256(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scope = NewDisposeScope();
        float[] values = tensor.detach().to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (long dimension in tensor.shape)
            hash.AppendData(BitConverter.GetBytes(dimension));
        hash.AppendData(MemoryMarshal.AsBytes(values.AsSpan()));
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
