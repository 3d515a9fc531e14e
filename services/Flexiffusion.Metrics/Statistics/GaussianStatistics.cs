using Flexiffusion.Diffusion.Runtime;

using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Statistics;

/// <summary>
/// The running mean and unbiased covariance of feature vectors, fed batch by batch and accumulated
/// in float64. Each batch is centred on its own mean and merged with the pairwise update of Chan,
/// Golub and LeVeque (1979), so no large raw sums cancel: M₂ = M₂ᴬ + M₂ᴮ + δδᵀ·nᴬnᴮ/n with
/// δ = μᴮ − μᴬ. Save and load it to cache reference statistics.
/// </summary>
public sealed partial class GaussianStatistics
{
    private double[] _mean;
    private double[] _comoment;

    /// <summary>Creates empty statistics whose dimension the first batch fixes.</summary>
    public GaussianStatistics()
    {
        _mean = [];
        _comoment = [];
    }

    /// <summary>Creates empty statistics of feature vectors of length <paramref name="dimension"/>.</summary>
    public GaussianStatistics(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Dimension = dimension;
        _mean = new double[dimension];
        _comoment = new double[dimension * dimension];
    }

    private GaussianStatistics(long count, double[] mean, double[] comoment)
    {
        Count = count;
        Dimension = mean.Length;
        _mean = mean;
        _comoment = comoment;
    }

    /// <summary>Feature vectors seen so far.</summary>
    public long Count { get; private set; }

    /// <summary>Length of each feature vector; 0 until the first batch when created without one.</summary>
    public int Dimension { get; private set; }

    /// <summary>The mean feature vector (a copy, length <see cref="Dimension"/>).</summary>
    /// <exception cref="InvalidOperationException">No feature vector has been added.</exception>
    public double[] Mean
    {
        get
        {
            if (Count < 1)
                throw new InvalidOperationException("the mean needs at least 1 sample; none has been added");
            return (double[])_mean.Clone();
        }
    }

    /// <summary>
    /// The unbiased covariance Σ (x − μ)(x − μ)ᵀ / (n − 1) as a new array [<see cref="Dimension"/>,
    /// <see cref="Dimension"/>]; exactly symmetric.
    /// </summary>
    /// <exception cref="InvalidOperationException">Fewer than 2 feature vectors have been added.</exception>
    public double[,] Covariance
    {
        get
        {
            var flat = CovarianceValues();
            var result = new double[Dimension, Dimension];
            Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
            return result;
        }
    }

    /// <summary>
    /// Adds a batch of feature vectors: <paramref name="features"/> [n, d], any floating-point dtype
    /// (float32 or float64 in practice), on any device. An empty batch changes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">Not 2-D, not floating point, d differs from <see cref="Dimension"/>, or a value is NaN or infinite.</exception>
    public void Add(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() != 2)
            throw new ArgumentException($"features must be 2-D [n, d], got shape [{string.Join(", ", features.shape)}]", nameof(features));
        if (!is_floating_point(features))
            throw new ArgumentException($"features must be floating point, got {features.dtype}", nameof(features));
        int d = checked((int)features.shape[1]);
        if (Dimension != 0 && d != Dimension)
            throw new ArgumentException($"features have dimension {d}, but these statistics have dimension {Dimension}", nameof(features));
        long n = features.shape[0];
        if (n == 0)
            return;
        using var scope = NewDisposeScope();
        var x = features.detach().to(ScalarType.Float64, CPU);
        if (!x.isfinite().all().item<bool>())
            throw new ArgumentException("features contain NaN or infinite values", nameof(features));
        var batchMean = x.mean([0]);
        var centred = x.Minus(batchMean);
        var product = centred.t().matmul(centred);
        var batchComoment = (product.Plus(product.t()).Times(0.5)).contiguous();
        Merge(n, batchMean.data<double>().ToArray(), batchComoment.data<double>().ToArray());
    }

    /// <summary>Adds everything <paramref name="other"/> has seen, as if its batches had been added here.</summary>
    /// <exception cref="ArgumentException">The dimensions differ.</exception>
    public void Add(GaussianStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
            return;
        if (Dimension != 0 && other.Dimension != Dimension)
            throw new ArgumentException($"the other statistics have dimension {other.Dimension}, but these have dimension {Dimension}", nameof(other));
        Merge(other.Count, other._mean, other._comoment);
    }

    /// <summary>The covariance flattened row-major (a new array of <see cref="Dimension"/>² values).</summary>
    internal double[] CovarianceValues()
    {
        if (Count < 2)
            throw new InvalidOperationException($"the covariance needs at least 2 samples, but {Count} {(Count == 1 ? "has" : "have")} been added");
        var result = new double[_comoment.Length];
        double scale = 1.0 / (Count - 1);
        for (int i = 0; i < result.Length; i++)
            result[i] = _comoment[i] * scale;
        return result;
    }

    private void Merge(long countB, double[] meanB, double[] comomentB)
    {
        if (Dimension == 0)
        {
            Dimension = meanB.Length;
            _mean = new double[Dimension];
            _comoment = new double[Dimension * Dimension];
        }
        long countA = Count;
        double total = countA + (double)countB;
        double weight = countB / total;
        double cross = countA * (double)countB / total;
        int d = Dimension;
        var delta = new double[d];
        for (int i = 0; i < d; i++)
            delta[i] = meanB[i] - _mean[i];
        for (int i = 0; i < d; i++)
        {
            int row = i * d;
            for (int j = 0; j < d; j++)
                _comoment[row + j] += comomentB[row + j] + delta[i] * delta[j] * cross;
        }
        for (int i = 0; i < d; i++)
            _mean[i] += delta[i] * weight;
        Count = countA + countB;
    }
}
