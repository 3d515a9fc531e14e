using System.Globalization;
using System.Text;

namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>The report as Markdown (<c>front.md</c>, and the tables printed on stdout), columns padded to line up in a terminal.</summary>
public static class BaselineMarkdown
{
    private static readonly string[] RowColumns = ["name", "sampler", "NFE", "GMACs", "MAC speed-up", "rFID", "KID", "FID", "wall s"];

    /// <summary>The whole report.</summary>
    public static string Format(BaselineReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine("# Baselines").AppendLine();
        text.AppendLine(Inv($"Reference: {report.Reference}. {report.Rows} rows (samplers: {string.Join(", ", report.Samplers)})."));
        text.AppendLine().AppendLine("## Pareto front: rFID vs MACs, cheapest first").AppendLine();
        Table(text, RowColumns, report.RfidFront.Select(Cells));
        if (report.FidFront is { } fidFront)
        {
            text.AppendLine().AppendLine("## Pareto front: FID vs MACs, cheapest first").AppendLine();
            Table(text, RowColumns, fidFront.Select(Cells));
        }
        foreach (var metric in report.Budgets.GroupBy(b => b.Metric))
        {
            text.AppendLine().AppendLine(Inv($"## Best per budget: lowest {(metric.Key == "fid" ? "FID" : "rFID")} at a MAC speed-up of at least the budget")).AppendLine();
            Table(text, ["budget", "of", .. RowColumns], metric.SelectMany(b => b.Bests.Select(best =>
                (string[])[Inv($"≥ {b.MinSpeedup:0.##}x"), best.Sampler, .. best.Best is { } row ? Cells(row) : [.. RowColumns.Select(_ => "-")]])));
        }
        return text.ToString();
    }

    private static string[] Cells(BaselineRow r) =>
    [
        r.Name, r.Sampler, Inv($"{r.Nfe}"), Inv($"{r.Macs / 1e9:F4}"), Inv($"{r.MacSpeedup:F2}x"), Inv($"{r.Rfid:F4}"), Inv($"{r.Kid:F5}"),
        r.Fid is { } fid ? Inv($"{fid:F4}") : "-", Inv($"{r.WallSeconds:F2}"),
    ];

    private static void Table(StringBuilder text, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        int[] widths = [.. header.Select((h, i) => all.Select(r => r[i].Length).Append(h.Length).Max())];
        // Text columns left-aligned, numbers right-aligned.
        bool[] left = [.. header.Select(h => h is "name" or "sampler" or "budget" or "of")];
        string Line(IReadOnlyList<string> cells) =>
            "| " + string.Join(" | ", cells.Select((c, i) => left[i] ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))) + " |";
        text.AppendLine(Line(header));
        text.AppendLine("|" + string.Join("|", widths.Select((w, i) => left[i] ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
        foreach (var row in all)
            text.AppendLine(Line(row));
        if (all.Count == 0)
            text.AppendLine("(no rows)");
    }

    private static string Inv(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
