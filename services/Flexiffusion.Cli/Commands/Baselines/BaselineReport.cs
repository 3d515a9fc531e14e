namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>The result of a baselines run: its fronts and per-budget bests (<c>front.json</c>).</summary>
/// <param name="Reference">The common reference in words.</param>
/// <param name="ReferenceIdentity">The canonical identity of the reference's features.</param>
/// <param name="Images">Images per schedule.</param>
/// <param name="Rows">Rows the fronts are taken over (schedules × samplers).</param>
/// <param name="Samplers">The samplers, in the order given.</param>
/// <param name="RfidFront">The Pareto front of rFID against MACs, cheapest first.</param>
/// <param name="FidFront">The Pareto front of FID against MACs; null without FID.</param>
/// <param name="Budgets">Per budget and metric, the best row overall and of each sampler.</param>
public sealed record BaselineReport(
    string Reference,
    string ReferenceIdentity,
    int Images,
    int Rows,
    IReadOnlyList<string> Samplers,
    IReadOnlyList<BaselineRow> RfidFront,
    IReadOnlyList<BaselineRow>? FidFront,
    IReadOnlyList<BaselineBudget> Budgets)
{
    /// <summary>The MAC speed-up budgets reported.</summary>
    public static IReadOnlyList<double> SpeedupBudgets { get; } = [2, 3, 4, 5, 8];

    /// <summary>Builds the report over <paramref name="rows"/>; with <paramref name="fid"/> also the FID front and bests.</summary>
    public static BaselineReport Create(IReadOnlyList<BaselineRow> rows, IReadOnlyList<string> samplers, string reference, string referenceIdentity,
        int images, bool fid)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(samplers);
        var metrics = new List<(string Name, Func<BaselineRow, double> Quality, IReadOnlyList<BaselineRow> Rows)> { ("rfid", r => r.Rfid, rows) };
        if (fid)
            metrics.Add(("fid", r => r.Fid!.Value, [.. rows.Where(r => r.Fid is not null)]));
        var budgets = metrics
            .SelectMany(m => SpeedupBudgets.Select(b => new BaselineBudget(b, m.Name,
                [new("all", BaselineFront.Best(m.Rows, b, m.Quality)), .. samplers.Select(s => new BaselineBest(s, BaselineFront.Best(m.Rows.Where(r => r.Sampler == s), b, m.Quality)))])))
            .ToList();
        return new BaselineReport(reference, referenceIdentity, images, rows.Count, samplers, BaselineFront.Of(rows, r => r.Rfid),
            fid ? BaselineFront.Of(metrics[1].Rows, metrics[1].Quality) : null, budgets);
    }
}
