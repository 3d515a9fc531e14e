using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Statistics;

/// <summary>
/// Bootstrap replicates of a paired Fréchet distance: replicate r draws n image indices with replacement
/// from a generator seeded by (<c>seed</c>, r) and computes the distance between the candidate's and the
/// reference's features at those indices. The index sets depend only on the seed, the replicate and n,
/// so two candidates scored on the same noise bank get the same resamples, and the replicate-by-replicate
/// difference of their distances is a paired bootstrap of the difference of their rFIDs (how much of a
/// ranking is the luck of which images were drawn).
/// </summary>
public static class PairedBootstrap
{
    /// <summary>The most replicates one call computes.</summary>
    public const int MaxReplicates = 1000;

    /// <summary>
    /// <paramref name="replicates"/> Fréchet distances between resampled rows of <paramref name="candidate"/> [n, d]
    /// and the same rows of <paramref name="reference"/> [n, d]; negative rounding results are reported as 0.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes differ, there are fewer than 2 rows, or the count is outside 0..<see cref="MaxReplicates"/>.</exception>
    public static double[] FrechetReplicates(Tensor candidate, Tensor reference, int replicates, long seed)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(reference);
        if (candidate.dim() != 2 || !candidate.shape.SequenceEqual(reference.shape))
            throw new ArgumentException($"paired features must both be [n, d]; got [{string.Join(", ", candidate.shape)}] and [{string.Join(", ", reference.shape)}]");
        ArgumentOutOfRangeException.ThrowIfNegative(replicates);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicates, MaxReplicates);
        int n = (int)candidate.shape[0];
        if (n < 2)
            throw new ArgumentException("a bootstrap of the Fréchet distance needs at least 2 rows");
        var result = new double[replicates];
        using var scope = NewDisposeScope();
        var a = candidate.to(ScalarType.Float64, CPU);
        var b = reference.to(ScalarType.Float64, CPU);
        for (int r = 0; r < replicates; r++)
        {
            using var inner = NewDisposeScope();
            var rows = tensor(Indices(n, seed, r), ScalarType.Int64);
            var (meanA, covarianceA) = Moments(a.index_select(0, rows));
            var (meanB, covarianceB) = Moments(b.index_select(0, rows));
            result[r] = Math.Max(0, FrechetDistance.Compute(meanA, covarianceA, meanB, covarianceB));
        }
        return result;
    }

    /// <summary>The rows of replicate <paramref name="replicate"/>: n draws with replacement (SplitMix64, the same on every machine).</summary>
    public static long[] Indices(int n, long seed, int replicate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ulong state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)replicate * 0xD1B54A32D192ED03UL + 0x632BE59BD9B4E019UL);
        var rows = new long[n];
        for (int i = 0; i < n; i++)
            rows[i] = (long)(Next(ref state) % (ulong)n);
        return rows;
    }

    private static ulong Next(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Mean [d] and unbiased covariance [d, d] of rows [n, d].</summary>
    private static (Tensor Mean, Tensor Covariance) Moments(Tensor rows)
    {
        var mean = rows.mean([0]);
        var centred = rows - mean;
        return (mean, centred.t().matmul(centred) / (rows.shape[0] - 1));
    }
}
