using System.Diagnostics;
using System.Globalization;
using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Diffusion.Samplers;

namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>
/// Evaluates every selected schedule under every sampler in a fixed order (family, sampler, step count or interval,
/// branch), reusing the journal's rows of the same identity and appending each new row as soon as it is scored.
/// </summary>
public static class BaselineRunner
{
    /// <summary>The journal's file name inside the output folder.</summary>
    public const string JournalFile = "baselines.jsonl";

    /// <summary>Runs the evaluations; returns every row of this run (reused and new) in evaluation order.</summary>
    public static async Task<IReadOnlyList<BaselineRow>> RunAsync(CliContext context, BaselinesRequest request, BaselineSelection selection,
        BaselineJudge judge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(judge);
        var log = context.Error;
        foreach (var (name, sameAs) in selection.Duplicates)
            log.WriteLine($"baselines: {name} runs the same plan as {sameAs}; evaluated once, as {sameAs}");
        var journal = new BaselineJournal(Path.Combine(request.OutDir, JournalFile));
        var known = new Dictionary<(string, string, string), BaselineRow>();
        foreach (var row in journal.Read(log).Where(r => !request.Fid || (r.Fid is not null && r.FidReference == judge.FidReference)))
            known[(row.Identity, row.Name, row.Candidate)] = row;

        var work = selection.Schedules.GroupBy(s => s.Family)
            .SelectMany(family => family.First().Sampler is not null
                ? family.Select(schedule => (Sampler: schedule.Sampler!.Value, Schedule: schedule))
                : request.Samplers.SelectMany(sampler => family.Select(schedule => (Sampler: sampler, Schedule: schedule))))
            .ToList();
        var rows = new BaselineRow?[work.Count];
        for (int i = 0; i < work.Count; i++)
            rows[i] = known.GetValueOrDefault((judge.RowIdentity(work[i].Sampler), work[i].Schedule.Name, work[i].Schedule.Candidate.ToString()));
        int reused = rows.Count(r => r is not null);
        log.WriteLine(Inv($"baselines: {work.Count} rows ({selection.Schedules.Count} schedules); {reused} reused from {journal.Path}, {work.Count - reused} to evaluate"));

        int done = 0, pending = work.Count - reused;
        for (int i = 0; i < work.Count; i++)
        {
            if (rows[i] is not null)
                continue;
            if (done == 0)
                await PrepareAsync(context, judge, cancellationToken);
            var (sampler, schedule) = work[i];
            var r = await EvaluateAsync(context, judge, request, sampler, schedule, cancellationToken);
            journal.Append(r);
            rows[i] = r;
            done++;
            log.WriteLine(Inv($"baselines [{done}/{pending}] {r.Name,-18} {r.Sampler,-12} rFID {r.Rfid,9:F4}  KID {r.Kid,8:F5}  FID {(r.Fid is { } f ? f.ToString("F4", CultureInfo.InvariantCulture) : "-"),9}  {r.MacSpeedup,5:F2}x  {r.WallSeconds,6:F2} s"));
        }
        return [.. rows.Select(r => r!)];
    }

    private static async Task PrepareAsync(CliContext context, BaselineJudge judge, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using (var bar = new ProgressBar(context, "reference"))
            await judge.PrepareReferenceAsync(new SynchronousProgress<SamplingProgress>(p => bar.Report(p.Fraction)), cancellationToken);
        context.Error.WriteLine(Inv($"baselines: reference {judge.ReferenceDescription} (features {(judge.ReferenceFromCache == true ? "from cache" : "computed")}, {clock.Elapsed.TotalSeconds:F1} s)"));
        if (!judge.HasFid)
            return;
        clock.Restart();
        await judge.PrepareRealDataAsync(cancellationToken);
        context.Error.WriteLine(Inv($"baselines: FID reference: {judge.FidReference} ({clock.Elapsed.TotalSeconds:F1} s)"));
    }

    private static async Task<BaselineRow> EvaluateAsync(CliContext context, BaselineJudge judge, BaselinesRequest request, SamplerKind sampler,
        BaselineSchedule schedule, CancellationToken cancellationToken)
    {
        string samplerName = BaselineJudge.SamplerName(sampler);
        using var bar = new ProgressBar(context, $"{schedule.Name} {samplerName}");
        var (e, fid, wall) = await judge.EvaluateAsync(sampler, schedule.Plan, new SynchronousProgress<SamplingProgress>(p => bar.Report(p.Fraction)), cancellationToken);
        return new BaselineRow(samplerName, schedule.Family, schedule.Name, schedule.Candidate.ToString(), e.Plan, e.Nfe, e.Macs, e.MacSpeedup,
            e.Rfid, e.Kid, fid, e.Images, judge.ReferenceIdentity.NoiseSeed, judge.ReferenceDescription, judge.RowIdentity(sampler), request.Fid ? judge.FidReference : null,
            e.SamplingSeconds, wall);
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
