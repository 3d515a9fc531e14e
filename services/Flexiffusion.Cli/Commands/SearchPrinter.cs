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

    /// <summary>What happens to the search itself (it waits for an evaluator, continues, was cancelled), on a line of its own.</summary>
    public void Notice(string message)
    {
        if (_bar is not null && context.Interactive)
            context.Error.WriteLine();
        context.Error.WriteLine("flexiffusion: " + message);
    }

    /// <summary>A warning that did not stop the search.</summary>
    public void Warning(string warning) => context.Error.WriteLine("flexiffusion: warning: " + warning);

    /// <summary>The final result: the answer, its margin over the best hand-made schedule, the finalists and the front.</summary>
    public void Result(string searchId, ResultView result, int teacherSteps)
    {
        ArgumentNullException.ThrowIfNull(result);
        _bar?.Dispose();
        _bar = null;
        if (json)
        {
            context.Output.WriteLine(JsonSerializer.Serialize(new
            {
                searchId, answer = result.Answer, best = result.Best, result.Baseline, result.Confirmation, front = result.Front,
                result.Generations, result.Scored, result.Evaluations, result.CacheHits,
            }, Json));
            return;
        }
        var o = context.Output;
        var answer = result.Answer;
        o.WriteLine(Inv($"search      {searchId}: {result.Generations} generations, {result.Scored} candidates scored ({result.Evaluations} evaluated, {result.CacheHits} from cache)"));
        o.WriteLine(Inv($"answer      {answer.Candidate}"));
        o.WriteLine(Inv($"plan        {PlanText(answer.Candidate, teacherSteps)}"));
        o.WriteLine(Inv($"speed-up    {answer.MacSpeedup:F3}x (MACs), NFE {answer.Nfe}, {answer.Macs / 1e9:F4} GMACs per image"));
        o.WriteLine(Inv($"rFID        {answer.Rfid:F4} on the search's noise"));
        if (result.Confirmation is { } c)
        {
            var confirmed = c.Finalists.FirstOrDefault(f => f.Candidate.Candidate == answer.Candidate) ?? c.Finalists[0];
            o.WriteLine(Inv($"confirmed   rFID {confirmed.ConfirmedRfid:F4} on {c.Settings}"));
            if (c.Finalists.FirstOrDefault(f => f.Baseline is not null) is { } b)
                o.WriteLine(BaselineVerdict(c, confirmed, b));
            o.WriteLine();
            o.WriteLine(Inv($"Finalists on {c.Settings}, best first:"));
            o.WriteLine("  speed-up   rFID(fresh)  rFID(search)  NFE  candidate");
            foreach (var f in c.Finalists)
                o.WriteLine(Inv($"  {f.Candidate.MacSpeedup,7:F2}x  {f.ConfirmedRfid,11:F4}  {f.Candidate.Rfid,12:F4}  {f.Candidate.Nfe,4}  {f.Candidate.Candidate}{(f.Baseline is { } n ? "  = " + n : "")}"));
        }
        else if (result.Baseline is { } baseline)
        {
            o.WriteLine(Inv($"baseline    best hand-made {baseline.Name} ({baseline.Baseline.MacSpeedup:F3}x) rFID {baseline.Baseline.Rfid:F4}; margin {baseline.Margin:F4} on the search's noise"));
        }
        o.WriteLine();
        o.WriteLine("Pareto front on the search's noise (rFID vs MACs), cheapest first:");
        o.WriteLine("  speed-up   rFID      NFE  candidate");
        foreach (var f in result.Front)
            o.WriteLine(Inv($"  {f.MacSpeedup,7:F2}x  {f.Rfid,8:F4}  {f.Nfe,4}  {f.Candidate}"));
    }

    /// <summary>How the answer compares with the best baseline on the confirmation noise, and how sure that is.</summary>
    private static string BaselineVerdict(ConfirmationView c, FinalistLine answer, FinalistLine baseline)
    {
        string odds = c.WinRate is { } rate ? Inv($"won {100 * rate:F0}% of the paired bootstrap replicates") : "";
        if (answer.Baseline is { } name)
        {
            var challenger = c.Challenger is { } text ? c.Finalists.FirstOrDefault(f => f.Candidate.Candidate == text) : null;
            return challenger is null
                ? Inv($"baseline    the answer is the hand-made schedule {name}: the search found nothing better on fresh noise")
                : Inv($"baseline    the answer is the hand-made schedule {name}: the best searched schedule scored {challenger.ConfirmedRfid:F4} there but {odds} (95% needed)");
        }
        string interval = c.MarginLow is { } low && c.MarginHigh is { } high ? Inv($"; 90% interval {low:F4}..{high:F4}") : "";
        string won = odds.Length > 0 ? "; " + odds : "";
        return Inv($"baseline    best hand-made {baseline.Baseline} ({baseline.Candidate.MacSpeedup:F3}x) rFID {baseline.ConfirmedRfid:F4} there; margin {c.Margin:F4} ({Percent(c.Margin ?? 0, baseline.ConfirmedRfid)} better{interval}{won})");
    }

    private static string Percent(double margin, double baseline) =>
        baseline > 0 ? Inv($"{100 * margin / baseline:F1}%") : "-";

    private static string PlanText(string candidate, int teacherSteps) =>
        Search.Space.Candidate.TryParse(candidate, teacherSteps, out var parsed, out _) ? parsed!.ToPlan().ToString() : "-";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A search's result as printed, from the engine (embedded) or from the contract (remote).</summary>
    public sealed record ResultView(CandidateLine Best, IReadOnlyList<CandidateLine> Front, int Generations, int Scored, int Evaluations, int CacheHits,
        CandidateLine Answer, BaselineLine? Baseline, ConfirmationView? Confirmation)
    {
        /// <summary>From the engine's result.</summary>
        public static ResultView From(SearchResult result)
        {
            ArgumentNullException.ThrowIfNull(result);
            var confirmation = result.Confirmation is { } c
                ? new ConfirmationView(c.Settings, [.. c.Finalists.Select(f => new FinalistLine(CandidateLine.From(f.Searched), f.Score, f.Baseline))], c.Margin)
                {
                    Challenger = c.Challenger?.Searched.Text,
                    WinRate = c.ChallengerWinRate,
                    MarginLow = c.MarginInterval?.Low,
                    MarginHigh = c.MarginInterval?.High,
                }
                : null;
            var baseline = result.Baseline is { } b ? new BaselineLine(b.Name, CandidateLine.From(b.Baseline), b.Margin) : null;
            return new ResultView(CandidateLine.From(result.Best), [.. result.Front.Select(CandidateLine.From)], result.Generations, result.History.Count,
                result.Evaluations, result.CacheHits, CandidateLine.From(result.Answer), baseline, confirmation);
        }
    }

    /// <summary>The best hand-made schedule on the search's noise and the margin over it.</summary>
    public sealed record BaselineLine(string Name, CandidateLine Baseline, double Margin);

    /// <summary>One finalist: as the search scored it, its confirmation rFID, and its hand-made name when it is one.</summary>
    public sealed record FinalistLine(CandidateLine Candidate, double ConfirmedRfid, string? Baseline);

    /// <summary>The finalists scored again (best first) and the answer's margin over the best baseline among them.</summary>
    public sealed record ConfirmationView(string Settings, IReadOnlyList<FinalistLine> Finalists, double? Margin)
    {
        /// <summary>The searched schedule that challenged the best baseline, when one scored better.</summary>
        public string? Challenger { get; init; }

        /// <summary>The share of paired bootstrap replicates the challenger won.</summary>
        public double? WinRate { get; init; }

        /// <summary>The 90% paired bootstrap interval of the challenger's margin.</summary>
        public double? MarginLow { get; init; }

        /// <summary>See <see cref="MarginLow"/>.</summary>
        public double? MarginHigh { get; init; }
    }

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
