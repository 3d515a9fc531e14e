using System.Globalization;
using System.Text.Json;
using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Cli.Commands;

/// <summary>Prints a search's progress and result, the same in embedded and remote mode.</summary>
public sealed class SearchPrinter(CliContext context, bool json)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private ProgressBar? _bar;
    private int _generation = -1;

    /// <summary>One candidate of <paramref name="generation"/> scored: <paramref name="done"/> of <paramref name="total"/>.</summary>
    public void Progress(int generation, int totalGenerations, int done, int total, bool fromCache)
    {
        if (generation != _generation)
        {
            _bar?.Dispose();
            _bar = new ProgressBar(context, Inv($"generation {generation + 1}/{totalGenerations}"));
            _generation = generation;
        }
        _bar?.Report(total == 0 ? 1 : (double)done / total, fromCache ? "(cache)" : "");
    }

    /// <summary>A generation ended with this best candidate and front.</summary>
    public void Generation(int generation, int totalGenerations, CandidateLine best, int frontSize, int scored)
    {
        _bar?.Dispose();
        _bar = null;
        if (!json)
            context.Error.WriteLine(Inv($"generation {generation + 1}/{totalGenerations}: {scored} scored, best {best.Candidate}  rFID {best.Rfid:F4}  {best.MacSpeedup:F2}x  (front {frontSize})"));
    }

    /// <summary>A warning that did not stop the search.</summary>
    public void Warning(string warning) => context.Error.WriteLine("flexiffusion: warning: " + warning);

    /// <summary>The final result.</summary>
    public void Result(string searchId, CandidateLine best, IReadOnlyList<CandidateLine> front, int generations, int scored, int evaluations, int cacheHits, int teacherSteps)
    {
        _bar?.Dispose();
        _bar = null;
        if (json)
        {
            context.Output.WriteLine(JsonSerializer.Serialize(new { searchId, best, front, generations, scored, evaluations, cacheHits }, Json));
            return;
        }
        var o = context.Output;
        o.WriteLine(Inv($"search      {searchId}: {generations} generations, {scored} candidates scored ({evaluations} evaluated, {cacheHits} from cache)"));
        o.WriteLine(Inv($"best        {best.Candidate}"));
        o.WriteLine(Inv($"plan        {PlanText(best.Candidate, teacherSteps)}"));
        o.WriteLine(Inv($"rFID        {best.Rfid:F4}"));
        o.WriteLine(Inv($"speed-up    {best.MacSpeedup:F3}x (MACs), NFE {best.Nfe}, {best.Macs / 1e9:F4} GMACs per image"));
        o.WriteLine();
        o.WriteLine("Pareto front (rFID vs MACs), cheapest first:");
        o.WriteLine("  speed-up   rFID      NFE  candidate");
        foreach (var c in front)
            o.WriteLine(Inv($"  {c.MacSpeedup,7:F2}x  {c.Rfid,8:F4}  {c.Nfe,4}  {c.Candidate}"));
    }

    private static string PlanText(string candidate, int teacherSteps) =>
        Search.Space.Candidate.TryParse(candidate, teacherSteps, out var parsed, out _) ? parsed!.ToPlan().ToString() : "-";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One scored candidate as printed.</summary>
    public sealed record CandidateLine(string Candidate, double Rfid, double Macs, double MacSpeedup, int Nfe, int Generation)
    {
        /// <summary>From the engine's scored candidate.</summary>
        public static CandidateLine From(ScoredCandidate c)
        {
            ArgumentNullException.ThrowIfNull(c);
            return new(c.Text, c.Score, c.Cost.Macs, c.Cost.MacSpeedup, c.Cost.Nfe, c.Generation);
        }
    }
}
