using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Plans;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Cli.Commands;

/// <summary><c>flexiffusion space</c>: the exact size of a segment-wise search space, next to the step-wise one, with its cost range.</summary>
public static class SpaceCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var config = ConfigOption.Create("mnist");
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var space = new SpaceOptions();
        var command = new Command("space", "Size of the segment-wise search space (exact) against the step-wise space, and its MAC speed-up range") { config, json };
        space.AddTo(command);
        command.SetAction(parse =>
        {
            var macs = MacCounter.Count(ConfigOption.Resolve(parse.GetValue(config)!));
            var searchSpace = space.Build(parse, macs.BranchCount);
            var report = SpaceReport.Of(macs, searchSpace);
            if (parse.GetValue(json))
                context.Output.WriteLine(JsonSerializer.Serialize(report, Indented));
            else
                WriteText(context.Output, report);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteText(TextWriter output, SpaceReport r)
    {
        output.WriteLine(Inv($"config          {r.Config} (branches 0..{r.ModelBranches - 1})"));
        output.WriteLine(Inv($"teacher steps   {r.TeacherSteps}"));
        output.WriteLine(Inv($"segment counts  {string.Join(", ", r.SegmentCounts)}{(r.UnequalSegments ? Inv($" (unequal segments, {r.ShortestSegment}..{r.LongestSegment} positions)") : "")}"));
        output.WriteLine(Inv($"branches        {string.Join(", ", r.Branches)}"));
        output.WriteLine(Inv($"intervals       {r.MinInterval}..{r.MaxInterval?.ToString(CultureInfo.InvariantCulture) ?? "L"}"));
        output.WriteLine(Inv($"space size      {Short(r.Size)} candidates"));
        output.WriteLine(Inv($"step-wise size  {Short(r.StepwiseSize)} plans ((2 + {r.Branches.Count})^{r.TeacherSteps - 1}: F, N or P<b> at every position after the first)"));
        output.WriteLine(Inv($"ratio           the segment-wise space is 10^{r.StepwiseLog10 - r.SizeLog10:F1} times smaller"));
        output.WriteLine();
        output.WriteLine("N_seg  length  genes/segment  candidates                speed-up (MACs)");
        foreach (var c in r.PerCount)
        {
            string length = c.Length?.ToString(CultureInfo.InvariantCulture) ?? "mixed";
            output.WriteLine(Inv($"{c.Segments,5}  {length,6}  {c.Genes?.ToString(CultureInfo.InvariantCulture) ?? "-",13}  {Short(c.Candidates),-24}  {c.MinSpeedup:F2}x .. {c.MaxSpeedup:F2}x"));
        }
        output.WriteLine();
        output.WriteLine("exact sizes");
        output.WriteLine(Inv($"  segment-wise  {r.Size}"));
        output.WriteLine(Inv($"  step-wise     {r.StepwiseSize}"));
    }

    private static string Short(string exact)
    {
        var value = BigInteger.Parse(exact, CultureInfo.InvariantCulture);
        if (exact.Length <= 15)
            return value.ToString("N0", CultureInfo.InvariantCulture);
        double approx = (double)value;
        return double.IsFinite(approx)
            ? approx.ToString("0.000e0", CultureInfo.InvariantCulture)
            : Inv($"{exact[0]}.{exact.Substring(1, 3)}e{exact.Length - 1}");
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The report, in the shape of its JSON form.</summary>
    private sealed record SpaceReport(string Config, int ModelBranches, int TeacherSteps, IReadOnlyList<int> SegmentCounts, IReadOnlyList<int> Branches,
        int MinInterval, int? MaxInterval, bool UnequalSegments, int ShortestSegment, int LongestSegment,
        string Size, double SizeLog10, string StepwiseSize, double StepwiseLog10, IReadOnlyList<CountReport> PerCount)
    {
        public static SpaceReport Of(MacReport macs, SearchSpace space)
        {
            var costs = new CostModel(new CostTable(macs.Full, macs.Partial.Select(p => (double)p)));
            var perCount = space.SegmentCounts.Select(n => CountReport.Of(space, costs, n)).ToList();
            var size = space.Size();
            var stepwise = space.StepwiseSize();
            return new SpaceReport(macs.Config, macs.BranchCount, space.TeacherSteps, space.SegmentCounts, space.Branches,
                space.MinInterval, space.MaxInterval, space.AllowUnequalSegments, space.ShortestSegment, space.LongestSegment,
                size.ToString(CultureInfo.InvariantCulture), Math.Round(BigInteger.Log10(size), 3),
                stepwise.ToString(CultureInfo.InvariantCulture), Math.Round(BigInteger.Log10(stepwise), 3), perCount);
        }
    }

    /// <summary>One segment count: its length (equal segments), genes per segment, candidates and MAC speed-up range.</summary>
    private sealed record CountReport(int Segments, int? Length, int? Genes, string Candidates, double MinSpeedup, double MaxSpeedup)
    {
        public static CountReport Of(SearchSpace space, CostModel costs, int n)
        {
            int t = space.TeacherSteps;
            // Extremes: every interval at its minimum at the cheapest branch, or at its maximum at the dearest branch.
            // The cheapest cost does not depend on the tiling; the dearest is reached by the most even tiling
            // (Σ min(k_max, L_i) is largest when no segment is shorter than needed), which is always allowed.
            int dearBranch = space.Branches.MaxBy(b => costs.Table.PartialMacs[b]);
            int cheapBranch = space.Branches.MinBy(b => costs.Table.PartialMacs[b]);
            var lengths = EvenTiling(t, n);
            var cheapest = new Candidate(lengths.Select(l => new Segment(l, cheapBranch, space.MinIntervalFor(l))));
            var dearest = new Candidate(lengths.Select(l => new Segment(l, dearBranch, space.MaxIntervalFor(l))));
            bool equal = t % n == 0 && !space.AllowUnequalSegments;
            return new CountReport(n, equal ? t / n : null, equal ? space.GenesFor(t / n) : null,
                space.SizeFor(n).ToString(CultureInfo.InvariantCulture),
                Math.Round(costs.Evaluate(dearest).MacSpeedup, 4), Math.Round(costs.Evaluate(cheapest).MacSpeedup, 4));
        }

        private static int[] EvenTiling(int t, int n) => [.. Enumerable.Range(0, n).Select(i => t / n + (i < t % n ? 1 : 0))];
    }
}
