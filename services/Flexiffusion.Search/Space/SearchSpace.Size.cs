using System.Numerics;

namespace Flexiffusion.Search.Space;

public sealed partial class SearchSpace
{
    /// <summary>
    /// The number of distinct candidates (distinct step plans) in this space, exactly. A segment of
    /// length <c>L</c> has one gene with interval 1 (if allowed) plus <c>N_b</c> per interval from 2 to
    /// its maximum; equal segments give <c>Σ_n g(T/n)^n</c> (method.md §3, counting a lone full step
    /// once rather than once per branch); unequal segments sum over every tiling.
    /// </summary>
    public BigInteger Size()
    {
        if (!AllowUnequalSegments)
        {
            BigInteger total = BigInteger.Zero;
            foreach (int n in SegmentCounts)
                total += BigInteger.Pow(GenesFor(TeacherSteps / n), n);
            return total;
        }
        return UnequalSize();
    }

    /// <summary>Number of distinct candidates with exactly <paramref name="segmentCount"/> segments.</summary>
    public BigInteger SizeFor(int segmentCount)
    {
        if (!SegmentCounts.Contains(segmentCount))
            return BigInteger.Zero;
        if (!AllowUnequalSegments)
            return BigInteger.Pow(GenesFor(TeacherSteps / segmentCount), segmentCount);
        return TilingWeights()[segmentCount];
    }

    /// <summary>
    /// The size of the equivalent step-wise space: every position after the first (always full) is
    /// full, null or partial at one of the allowed branches, <c>(2 + N_b)^(T − 1)</c>.
    /// </summary>
    public BigInteger StepwiseSize() => BigInteger.Pow(2 + Branches.Length, TeacherSteps - 1);

    /// <summary>Number of distinct genes (branch, interval) of a segment of <paramref name="length"/> positions.</summary>
    public int GenesFor(int length)
    {
        int min = MinIntervalFor(length);
        int max = MaxIntervalFor(length);
        if (max < min)
            return 0;
        int single = min == 1 ? 1 : 0;
        int partialIntervals = max - Math.Max(min, 2) + 1;
        return single + Branches.Length * Math.Max(0, partialIntervals);
    }

    private BigInteger UnequalSize()
    {
        var weights = TilingWeights();
        BigInteger total = BigInteger.Zero;
        foreach (int n in SegmentCounts)
            total += weights[n];
        return total;
    }

    // ways[n] = Σ over tilings of T into n allowed lengths of Π genes(L_i), by dynamic programming over positions.
    private BigInteger[] TilingWeights()
    {
        int t = TeacherSteps;
        int maxCount = SegmentCounts[^1];
        var genes = new BigInteger[t + 1];
        for (int length = 1; length <= t; length++)
            genes[length] = AllowsLength(length) ? GenesFor(length) : BigInteger.Zero;
        var previous = new BigInteger[t + 1];
        previous[0] = BigInteger.One;
        var result = new BigInteger[maxCount + 1];
        for (int n = 1; n <= maxCount; n++)
        {
            var current = new BigInteger[t + 1];
            for (int end = 1; end <= t; end++)
            {
                BigInteger sum = BigInteger.Zero;
                for (int length = ShortestSegment; length <= Math.Min(end, LongestSegment); length++)
                {
                    if (!genes[length].IsZero && !previous[end - length].IsZero)
                        sum += previous[end - length] * genes[length];
                }
                current[end] = sum;
            }
            result[n] = current[t];
            previous = current;
        }
        return result;
    }
}
