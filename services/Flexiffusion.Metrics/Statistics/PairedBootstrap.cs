using Flexiffusion.Diffusion.Runtime;

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
        for (int start = 0; start < replicates; start += Chunk)
        {
            using var inner = NewDisposeScope();
            int count = Math.Min(Chunk, replicates - start);
            var rows = tensor(Enumerable.Range(start, count).SelectMany(r => Indices(n, seed, r)).ToArray(), ScalarType.Int64);
            var distances = Distances(Gather(a, rows, count, n), Gather(b, rows, count, n));
            for (int i = 0; i < count; i++)
            {
                double distance = distances[i];
                if (!double.IsFinite(distance))
                {
                    // The batched roots failed for this resample: the careful single form (with its retry) takes over.
                    var one = tensor(Indices(n, seed, start + i), ScalarType.Int64);
                    var (meanA, covarianceA) = Moments(a.index_select(0, one));
                    var (meanB, covarianceB) = Moments(b.index_select(0, one));
                    distance = FrechetDistance.Compute(meanA, covarianceA, meanB, covarianceB);
                }
                result[start + i] = Math.Max(0, distance);
            }
        }
        return result;
    }

    /// <summary>Replicates computed together: the eigen-solvers run batched over this many covariance matrices.</summary>
    private const int Chunk = 25;

    private static Tensor Gather(Tensor features, Tensor rows, int count, int n) =>
        features.index_select(0, rows).view(count, n, features.shape[1]);

    /// <summary>
    /// Fréchet distances of a batch of paired samples [c, n, d]: ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2·tr((Σ₁^½ Σ₂ Σ₁^½)^½) per
    /// replicate, as <see cref="FrechetDistance"/> computes it; NaN for a replicate whose roots failed.
    /// </summary>
    private static double[] Distances(Tensor x, Tensor y)
    {
        var (meanX, covarianceX) = BatchMoments(x);
        var (meanY, covarianceY) = BatchMoments(y);
        var rest = meanX.Minus(meanY).square().sum(1).Plus(covarianceX.diagonal(0, 1, 2).sum(1)).Plus(covarianceY.diagonal(0, 1, 2).sum(1));
        try
        {
            var (w, v) = linalg.eigh(covarianceX);
            var root = (v * w.AtLeast(0).sqrt().unsqueeze(1)).matmul(v.transpose(1, 2));
            var middle = root.matmul(covarianceY).matmul(root);
            middle = middle.Plus(middle.transpose(1, 2)).Times(0.5);
            var trace = linalg.eigvalsh(middle).AtLeast(0).sqrt().sum(1);
            return rest.Minus(trace.Times(2)).data<double>().ToArray();
        }
        catch (System.Runtime.InteropServices.ExternalException)
        {
            return [.. Enumerable.Repeat(double.NaN, (int)x.shape[0])];
        }
    }

    /// <summary>Means [c, d] and symmetrised unbiased covariances [c, d, d] of samples [c, n, d].</summary>
    private static (Tensor Mean, Tensor Covariance) BatchMoments(Tensor samples)
    {
        var mean = samples.mean([1]);
        var centred = samples.Minus(mean.unsqueeze(1));
        var covariance = centred.transpose(1, 2).matmul(centred).Over(samples.shape[1] - 1);
        return (mean, covariance.Plus(covariance.transpose(1, 2)).Times(0.5));
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
        var centred = rows.Minus(mean);
        return (mean, centred.t().matmul(centred).Over(rows.shape[0] - 1));
    }
}
