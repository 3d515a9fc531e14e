namespace Flexiffusion.Metrics.Ranking;

/// <summary>
/// How well one score ranks candidates like another (e.g. rFID on a few paired images against FID on
/// many): Kendall's τ-b and Spearman's ρ, both with ties handled.
/// </summary>
public static class RankAgreement
{
    /// <summary>
    /// Kendall's τ-b (Kendall 1945): (concordant − discordant) / √((n₀ − n₁)(n₀ − n₂)), where n₁ and n₂
    /// count the pairs tied in x and in y. O(n²), which is fine for the tens of candidates it serves.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, fewer than 2 values, a value is not finite, or one side is constant.</exception>
    public static double KendallTau(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Check(x, y);
        long concordant = 0, discordant = 0, tiedX = 0, tiedY = 0, pairs = 0;
        for (int i = 0; i < x.Count; i++)
        {
            for (int j = i + 1; j < x.Count; j++)
            {
                pairs++;
                int sx = Math.Sign(x[i] - x[j]), sy = Math.Sign(y[i] - y[j]);
                if (sx == 0)
                    tiedX++;
                if (sy == 0)
                    tiedY++;
                if (sx != 0 && sy != 0)
                {
                    if (sx == sy)
                        concordant++;
                    else
                        discordant++;
                }
            }
        }
        if (tiedX == pairs || tiedY == pairs)
            throw new ArgumentException("one of the score lists is constant; no ranking to compare");
        return (concordant - discordant) / Math.Sqrt((double)(pairs - tiedX) * (pairs - tiedY));
    }

    /// <summary>Spearman's ρ: the Pearson correlation of the ranks, ties given their average rank.</summary>
    /// <exception cref="ArgumentException">Lengths differ, fewer than 2 values, a value is not finite, or one side is constant.</exception>
    public static double SpearmanRho(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Check(x, y);
        double[] rx = Ranks(x), ry = Ranks(y);
        double mx = rx.Average(), my = ry.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        if (sxx == 0 || syy == 0)
            throw new ArgumentException("one of the score lists is constant; no ranking to compare");
        return sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>1-based ranks with ties averaged.</summary>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
                end++;
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++)
                ranks[order[k]] = rank;
            start = end + 1;
        }
        return ranks;
    }

    private static void Check(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
            throw new ArgumentException($"the score lists have {x.Count} and {y.Count} values");
        if (x.Count < 2)
            throw new ArgumentException("rank agreement needs at least 2 candidates");
        if (x.Concat(y).Any(v => !double.IsFinite(v)))
            throw new ArgumentException("scores must be finite");
    }
}
