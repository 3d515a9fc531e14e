using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Tests.TestSupport;

/// <summary>Seeded float64 test matrices.</summary>
internal static class RandomMatrices
{
    /// <summary>A random symmetric positive-definite [d, d] matrix, A·Aᵀ/d + 0.1·I.</summary>
    public static Tensor Spd(int d, Generator generator)
    {
        using var a = randn([d, d], ScalarType.Float64, generator: generator);
        using var product = a.matmul(a.t());
        using var identity = eye(d, dtype: ScalarType.Float64);
        return product / d + identity * 0.1;
    }

    /// <summary>A random orthogonal [d, d] matrix (the Q of a QR decomposition).</summary>
    public static Tensor Orthogonal(int d, Generator generator)
    {
        using var a = randn([d, d], ScalarType.Float64, generator: generator);
        var (q, r) = linalg.qr(a);
        r.Dispose();
        return q;
    }

    /// <summary>A copy of a float64 [d, d] tensor as a managed array.</summary>
    public static double[,] ToArray(Tensor matrix)
    {
        int d = (int)matrix.shape[0];
        var flat = matrix.contiguous().data<double>().ToArray();
        var result = new double[d, (int)matrix.shape[1]];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }
}
