using Flexiffusion.Diffusion.Runtime;

using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Kernel;

/// <summary>
/// Kernel distance (KID; Bińkowski et al. 2018, eq. 4): the unbiased estimate of MMD² between two
/// feature sets with the polynomial kernel k(x, y) = (xᵀy/d + 1)³. Unlike FID it is unbiased at
/// small sample counts, so it complements rFID on a few images. Computed in float64.
/// </summary>
public static class KernelInceptionDistance
{
    /// <summary>MMD²ᵤ between features <paramref name="x"/> [m, d] and <paramref name="y"/> [n, d].</summary>
    /// <exception cref="ArgumentException">Shapes disagree, or either side has fewer than 2 rows.</exception>
    public static double Compute(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.dim() != 2 || y.dim() != 2 || x.shape[1] != y.shape[1])
            throw new ArgumentException($"features must be [m, d] and [n, d] with the same d; got [{string.Join(", ", x.shape)}] and [{string.Join(", ", y.shape)}]");
        long m = x.shape[0], n = y.shape[0];
        if (m < 2 || n < 2)
            throw new ArgumentException("KID needs at least 2 samples on each side");
        using var scope = NewDisposeScope();
        var a = x.to(ScalarType.Float64, CPU);
        var b = y.to(ScalarType.Float64, CPU);
        var kxx = Kernel(a, a);
        var kyy = Kernel(b, b);
        double sumXX = kxx.sum().Minus(kxx.diagonal().sum()).item<double>();
        double sumYY = kyy.sum().Minus(kyy.diagonal().sum()).item<double>();
        double sumXY = Kernel(a, b).sum().item<double>();
        return sumXX / (m * (m - 1)) + sumYY / (n * (n - 1)) - 2 * sumXY / (m * n);
    }

    /// <summary>
    /// MMD²ᵤ between paired features: row i of <paramref name="x"/> and of <paramref name="y"/> come from the same
    /// noise (a candidate's image and the teacher's), so they are not independent, and the cross term must leave the
    /// pairs out as the within-set terms leave out i = j (the U-statistic over pairs): otherwise each near-duplicate
    /// pair adds about 2·k(x, x)/n of negative bias. Exactly 0 for identical sets.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree (the sets must have the same rows), or there are fewer than 2 rows.</exception>
    public static double ComputePaired(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.dim() != 2 || y.dim() != 2 || !x.shape.SequenceEqual(y.shape))
            throw new ArgumentException($"paired features must both be [n, d]; got [{string.Join(", ", x.shape)}] and [{string.Join(", ", y.shape)}]");
        long n = x.shape[0];
        if (n < 2)
            throw new ArgumentException("KID needs at least 2 samples on each side");
        using var scope = NewDisposeScope();
        var a = x.to(ScalarType.Float64, CPU);
        var b = y.to(ScalarType.Float64, CPU);
        // h(i, j) = k(xi, xj) + k(yi, yj) − k(xi, yj) − k(xj, yi), summed over i ≠ j.
        var h = Kernel(a, a) + Kernel(b, b) - Kernel(a, b) - Kernel(b, a);
        double sum = h.sum().Minus(h.diagonal().sum()).item<double>();
        return sum / (n * (n - 1));
    }

    /// <summary>The polynomial kernel matrix k(pᵢ, qⱼ) = (pᵢᵀqⱼ/d + 1)³.</summary>
    private static Tensor Kernel(Tensor p, Tensor q) => p.matmul(q.t()).Over(p.shape[1]).Plus(1).Power(3);
}
