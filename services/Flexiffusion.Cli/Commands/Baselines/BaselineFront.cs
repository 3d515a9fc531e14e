namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>Pareto fronts and per-budget bests over baseline rows: cost is MACs, quality a distance (both minimised).</summary>
public static class BaselineFront
{
    /// <summary>Whether <paramref name="a"/> costs no more and scores no worse than <paramref name="b"/>, and is strictly better in one.</summary>
    public static bool Dominates(BaselineRow a, BaselineRow b, Func<BaselineRow, double> quality)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(quality);
        double qa = quality(a), qb = quality(b);
        return a.Macs <= b.Macs && qa <= qb && (a.Macs < b.Macs || qa < qb);
    }

    /// <summary>The rows no other row dominates, cheapest first (ties by quality, name, sampler).</summary>
    public static IReadOnlyList<BaselineRow> Of(IEnumerable<BaselineRow> rows, Func<BaselineRow, double> quality)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(quality);
        var front = new List<BaselineRow>();
        // In this order a row's dominators come before it, and each is in the front or dominated by a member.
        foreach (var row in Ordered(rows, r => r.Macs, quality))
        {
            if (!front.Any(f => Dominates(f, row, quality)))
                front.Add(row);
        }
        return front;
    }

    /// <summary>The best row (lowest quality value, then cheapest) whose MAC speed-up is at least <paramref name="minSpeedup"/>; null when none is.</summary>
    public static BaselineRow? Best(IEnumerable<BaselineRow> rows, double minSpeedup, Func<BaselineRow, double> quality)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(quality);
        return Ordered(rows.Where(r => r.MacSpeedup >= minSpeedup - 1e-9), quality, r => r.Macs).FirstOrDefault();
    }

    private static IEnumerable<BaselineRow> Ordered(IEnumerable<BaselineRow> rows, Func<BaselineRow, double> primary, Func<BaselineRow, double> secondary) =>
        rows.OrderBy(primary).ThenBy(secondary).ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Sampler, StringComparer.Ordinal);
}
