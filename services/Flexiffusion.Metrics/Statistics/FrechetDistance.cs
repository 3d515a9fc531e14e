using System.Runtime.InteropServices;
using Flexiffusion.Diffusion.Runtime;
using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Statistics;

/// <summary>
/// The Fréchet distance between two Gaussians (Dowson and Landau 1982; FID, Heusel et al. 2017):
/// ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2·tr((Σ₁^½ Σ₂ Σ₁^½)^½), in float64. The matrix roots come from the
/// symmetric eigen-solver with negative eigenvalues clamped to 0, and the middle matrix is
/// symmetrised; when the result is not finite the roots are taken again with
/// <see cref="RetryOffset"/>·I added to both covariances, as pytorch-fid does. Rounding can make a
/// distance between (nearly) identical Gaussians a tiny negative number; it is returned as is.
/// </summary>
public static class FrechetDistance
{
    /// <summary>The diagonal offset of the retry (pytorch-fid's <c>eps</c>).</summary>
    public const double RetryOffset = 1e-6;

    /// <summary>The distance between the Gaussians that two feature statistics describe.</summary>
    /// <exception cref="ArgumentException">Either has fewer than 2 samples, or their dimensions differ.</exception>
    public static double Compute(GaussianStatistics a, GaussianStatistics b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireSamples(a, nameof(a));
        RequireSamples(b, nameof(b));
        if (a.Dimension != b.Dimension)
            throw new ArgumentException($"the statistics have dimensions {a.Dimension} and {b.Dimension}", nameof(b));
        using var scope = NewDisposeScope();
        long d = a.Dimension;
        return Distance(
            tensor(a.Mean, ScalarType.Float64), tensor(a.CovarianceValues(), [d, d], ScalarType.Float64),
            tensor(b.Mean, ScalarType.Float64), tensor(b.CovarianceValues(), [d, d], ScalarType.Float64));
    }

    /// <summary>The distance between N(<paramref name="mean1"/>, <paramref name="covariance1"/>) and N(<paramref name="mean2"/>, <paramref name="covariance2"/>).</summary>
    /// <exception cref="ArgumentException">Shapes do not agree, or a value is NaN or infinite.</exception>
    public static double Compute(double[] mean1, double[,] covariance1, double[] mean2, double[,] covariance2)
    {
        ArgumentNullException.ThrowIfNull(mean1);
        ArgumentNullException.ThrowIfNull(covariance1);
        ArgumentNullException.ThrowIfNull(mean2);
        ArgumentNullException.ThrowIfNull(covariance2);
        using var scope = NewDisposeScope();
        return Compute(tensor(mean1, ScalarType.Float64), Matrix(covariance1), tensor(mean2, ScalarType.Float64), Matrix(covariance2));
    }

    /// <summary>
    /// The distance between N(<paramref name="mean1"/> [d], <paramref name="covariance1"/> [d, d]) and
    /// N(<paramref name="mean2"/>, <paramref name="covariance2"/>); any floating dtype and device, computed in float64 on the CPU.
    /// Covariances are symmetrised first.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes do not agree, or a value is NaN or infinite.</exception>
    public static double Compute(Tensor mean1, Tensor covariance1, Tensor mean2, Tensor covariance2)
    {
        ArgumentNullException.ThrowIfNull(mean1);
        ArgumentNullException.ThrowIfNull(covariance1);
        ArgumentNullException.ThrowIfNull(mean2);
        ArgumentNullException.ThrowIfNull(covariance2);
        if (mean1.dim() != 1)
            throw new ArgumentException($"mean1 must be 1-D [d], got shape [{string.Join(", ", mean1.shape)}]", nameof(mean1));
        long d = mean1.shape[0];
        if (d < 1)
            throw new ArgumentException("mean1 is empty", nameof(mean1));
        if (!mean2.shape.SequenceEqual([d]))
            throw new ArgumentException($"mean2 has shape [{string.Join(", ", mean2.shape)}], but mean1 has dimension {d}", nameof(mean2));
        if (!covariance1.shape.SequenceEqual([d, d]))
            throw new ArgumentException($"covariance1 has shape [{string.Join(", ", covariance1.shape)}], expected [{d}, {d}]", nameof(covariance1));
        if (!covariance2.shape.SequenceEqual([d, d]))
            throw new ArgumentException($"covariance2 has shape [{string.Join(", ", covariance2.shape)}], expected [{d}, {d}]", nameof(covariance2));
        using var scope = NewDisposeScope();
        var mu1 = Finite(mean1, nameof(mean1));
        var mu2 = Finite(mean2, nameof(mean2));
        var s1 = Finite(covariance1, nameof(covariance1));
        var s2 = Finite(covariance2, nameof(covariance2));
        return Distance(mu1, s1.Plus(s1.t()).Times(0.5), mu2, s2.Plus(s2.t()).Times(0.5));
    }

    private static double Distance(Tensor mu1, Tensor s1, Tensor mu2, Tensor s2)
    {
        double rest = mu1.Minus(mu2).square().sum().item<double>() + s1.trace().item<double>() + s2.trace().item<double>();
        double distance = rest - 2 * TraceOfRoot(s1, s2, 0);
        if (double.IsFinite(distance))
            return distance;
        distance = rest - 2 * TraceOfRoot(s1, s2, RetryOffset);
        if (!double.IsFinite(distance))
            throw new InvalidOperationException($"the Fréchet distance is not finite even with {RetryOffset}·I added to both covariances");
        return distance;
    }

    /// <summary>tr((Σ₁^½ Σ₂ Σ₁^½)^½) after adding <paramref name="offset"/>·I to both; NaN when the eigen-solver fails.</summary>
    private static double TraceOfRoot(Tensor s1, Tensor s2, double offset)
    {
        using var scope = NewDisposeScope();
        if (offset > 0)
        {
            var shift = eye(s1.shape[0], dtype: ScalarType.Float64).Times(offset);
            s1 = s1.Plus(shift);
            s2 = s2.Plus(shift);
        }
        try
        {
            var (w1, v1) = linalg.eigh(s1);
            var root1 = (v1 * w1.AtLeast(0).sqrt().unsqueeze(0)).matmul(v1.t());
            var middle = root1.matmul(s2).matmul(root1);
            middle = middle.Plus(middle.t()).Times(0.5);
            return linalg.eigvalsh(middle).AtLeast(0).sqrt().sum().item<double>();
        }
        catch (ExternalException)
        {
            return double.NaN;
        }
    }

    private static Tensor Finite(Tensor value, string name)
    {
        var x = value.detach().to(ScalarType.Float64, CPU);
        if (!x.isfinite().all().item<bool>())
            throw new ArgumentException($"{name} contains NaN or infinite values", name);
        return x;
    }

    private static Tensor Matrix(double[,] values)
    {
        var flat = new double[values.Length];
        Buffer.BlockCopy(values, 0, flat, 0, flat.Length * sizeof(double));
        return tensor(flat, [values.GetLength(0), values.GetLength(1)], ScalarType.Float64);
    }

    private static void RequireSamples(GaussianStatistics statistics, string name)
    {
        if (statistics.Count < 2)
            throw new ArgumentException($"the Fréchet distance needs at least 2 samples per side, but {name} has {statistics.Count}", name);
    }
}
