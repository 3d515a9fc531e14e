using System.CommandLine;
using System.Text.Json;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Metrics.Evaluation;
using Flexiffusion.Metrics.Features;

namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>
/// <c>flexiffusion baselines</c>: the hand-made schedules a user could type without a search (DDIM-k, quadratic
/// k-step, DeepCache uniform and non-uniform), under several samplers, scored by one common judge; prints and saves
/// their Pareto fronts and the best of each budget — the yardstick a search must beat. Resumable through
/// <c>baselines.jsonl</c>.
/// </summary>
public static class BaselinesCommand
{
    /// <summary>The front's file names inside the output folder.</summary>
    public const string FrontJson = "front.json", FrontMarkdown = "front.md";

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var model = new ModelOptions("mnist", "models/mnist-ddpm/ema.bin");
        var generation = new GenerationOptions();
        var data = new DataOptions();
        var options = new BaselinesOptions();
        var command = new Command("baselines",
            "Evaluate the hand-made schedules (DDIM-k, quadratic k-step, DeepCache) under several samplers against one reference; print and save their Pareto fronts");
        options.AddTo(command);
        model.AddTo(command);
        // --samplers and --reference replace --sampler: it stays (hidden, at its default) so that Resolve checks --eta, and is refused when given.
        generation.AddTo(command);
        generation.Sampler.Hidden = true;
        data.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetResult(generation.Sampler) is { Implicit: false })
                throw new UsageException("--sampler: baselines takes a list, --samplers (and the reference's sampler, --reference)");
            var settings = generation.Resolve(parse);
            var request = options.Resolve(parse, settings.Timesteps.Length);
            double eta = parse.GetValue(generation.Eta);
            CliApp.WarnIfAllocatorMissing(context.Error);
            using var unet = model.Load(parse, settings.Pipeline.Device);
            var branches = options.ResolveBranches(parse, unet.BranchCount);
            var selection = parse.GetValue(options.Plans) is { } plans
                ? BaselinePlanFile.Read(plans, settings.Timesteps.Length, unet.BranchCount)
                : BaselineSchedules.Select(settings.Timesteps.Length, request.Families, request.Steps, request.Intervals, branches);
            if (selection.Schedules.Count == 0)
                throw new UsageException("--k: no schedule of the chosen --families has its step count or interval in the chosen ranges");
            using var extractor = new MnistFeatureExtractor(request.FeaturesPath);
            var cache = new DiskBlobCache(request.CacheDir);
            Func<CancellationToken, Task<FeatureSet>>? realFeatures = null;
            string? fidReference = null;
            if (request.Fid)
            {
                var (mnist, split) = data.Load(parse, context.Error);
                fidReference = RealDataReference.Identity(split, extractor);
                realFeatures = ct => RealDataReference.FeaturesAsync(mnist, split, extractor, cache, ct);
            }
            var judge = new BaselineJudge(unet, settings, parse.GetValue(generation.Spacing)!, eta, request.Reference, request.Images,
                extractor, cache, model.Checksum(parse), realFeatures, fidReference);
            var rows = await BaselineRunner.RunAsync(context, request, selection, judge, cancellationToken);
            var samplers = request.Samplers.Select(BaselineJudge.SamplerName).Where(s => rows.Any(r => r.Sampler == s)).ToList();
            var report = BaselineReport.Create(rows, samplers, judge.ReferenceDescription,
                judge.ReferenceIdentity.Canonical, request.Images, request.Fid);
            string json = JsonSerializer.Serialize(report, BaselineJson.Indented), markdown = BaselineMarkdown.Format(report);
            Directory.CreateDirectory(request.OutDir);
            await File.WriteAllTextAsync(Path.Combine(request.OutDir, FrontJson), json + "\n", cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(request.OutDir, FrontMarkdown), markdown, cancellationToken);
            context.Output.Write(request.Json ? json + "\n" : markdown);
            return ExitCodes.Ok;
        });
        return command;
    }
}
