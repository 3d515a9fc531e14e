using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Plans;

namespace Flexiffusion.Cli.Commands;

/// <summary><c>flexiffusion macs</c>: full and per-branch partial MACs and the parameter count.</summary>
public static class MacsCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var config = ConfigOption.Create("ddpm-cifar10");
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var plan = new Option<string?>("--plan") { Description = "Also cost a step plan. " + PlanOption.Description };
        var steps = new Option<int>("--steps") { Description = "Teacher steps the plan covers", DefaultValueFactory = _ => 100 };
        var command = new Command("macs", "Count MACs per step kind and branch, and parameters, from the architecture") { config, json, plan, steps };
        command.SetAction(parse =>
        {
            var report = MacCounter.Count(ConfigOption.Resolve(parse.GetValue(config)!));
            string? planText = parse.GetValue(plan);
            var stepPlan = planText is null ? null : PlanOption.Parse(planText, parse.GetValue(steps));
            if (stepPlan is not null && stepPlan.MaxBranch >= report.BranchCount)
                throw new UsageException($"--plan: uses branch {stepPlan.MaxBranch} but '{report.Config}' has branches 0..{report.BranchCount - 1}");
            if (parse.GetValue(json))
                WriteJson(context.Output, report, stepPlan);
            else
                WriteText(context.Output, report, stepPlan);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteJson(TextWriter output, MacReport report, StepPlan? plan)
    {
        var document = new Dictionary<string, object?>
        {
            ["config"] = report.Config,
            ["parameters"] = report.Parameters,
            ["fullMacs"] = report.Full,
            ["fullAttentionMatmulMacs"] = report.FullAttentionMatmul,
            ["branches"] = Enumerable.Range(0, report.BranchCount).Select(b => new
            {
                branch = b,
                partialMacs = report.Partial[b],
                attentionMatmulMacs = report.PartialAttentionMatmul[b],
                speedup = Math.Round(report.PartialSpeedup(b), 4),
            }).ToArray(),
        };
        if (plan is not null)
        {
            document["plan"] = new
            {
                text = plan.ToString(),
                positions = plan.Count,
                nfe = plan.Nfe,
                macs = report.PlanMacs(plan),
                speedup = Math.Round(report.PlanSpeedup(plan), 4),
            };
        }
        output.WriteLine(JsonSerializer.Serialize(document, Indented));
    }

    private static void WriteText(TextWriter output, MacReport report, StepPlan? plan)
    {
        output.WriteLine(FormattableString.Invariant($"config      {report.Config}"));
        output.WriteLine(FormattableString.Invariant($"parameters  {report.Parameters:N0} ({report.Parameters / 1e6:F2} M)"));
        output.WriteLine(FormattableString.Invariant($"full step   {Giga(report.Full)} GMACs  (+{Giga(report.FullAttentionMatmul)} G attention matmuls)"));
        output.WriteLine();
        output.WriteLine("branch  partial GMACs  attn matmul G  vs full");
        for (int b = 0; b < report.BranchCount; b++)
            output.WriteLine(FormattableString.Invariant($"{b,6}  {Giga(report.Partial[b]),13}  {Giga(report.PartialAttentionMatmul[b]),13}  {report.PartialSpeedup(b),6:F2}x"));
        if (plan is null)
            return;
        output.WriteLine();
        output.WriteLine(FormattableString.Invariant($"plan        {plan}"));
        output.WriteLine(FormattableString.Invariant($"positions   {plan.Count}, NFE {plan.Nfe} ({plan.FullCount} full, {plan.PartialCount} partial)"));
        output.WriteLine(FormattableString.Invariant($"MACs        {Giga(report.PlanMacs(plan))} G per image, {Giga(report.PlanMacs(plan) / plan.Count)} G per position"));
        output.WriteLine(FormattableString.Invariant($"speed-up    {report.PlanSpeedup(plan):F3}x (MACs)"));
    }

    private static string Giga(long macs) => (macs / 1e9).ToString("F4", CultureInfo.InvariantCulture);
}
