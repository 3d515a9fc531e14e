using System.CommandLine;
using System.Text.Json;
using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Diffusion.Runtime;
using Flexiffusion.Identity;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Metrics.Evaluation;
using Flexiffusion.Metrics.Features;
using Flexiffusion.Metrics.Statistics;

namespace Flexiffusion.Cli.Commands;

/// <summary><c>flexiffusion evaluate</c>: cost and rFID (and optionally FID against real digits) of one step plan.</summary>
public static class EvaluateCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var model = new ModelOptions("mnist", "models/mnist-ddpm/ema.bin");
        var generation = new GenerationOptions();
        var data = new DataOptions();
        var plan = new Option<string>("--plan") { Description = PlanOption.Description, Required = true };
        var images = new Option<int>("--images") { Description = "Images generated for rFID (same noise for teacher and plan)", DefaultValueFactory = _ => 256 };
        var features = new Option<string>("--features") { Description = "Feature network weights", DefaultValueFactory = _ => "models/mnist-features/classifier.bin" };
        var fid = new Option<bool>("--fid") { Description = "Also compute FID of the plan's images against the real training digits" };
        var cacheDir = new Option<string>("--cache-dir") { Description = "Disk cache of teacher features and reference statistics", DefaultValueFactory = _ => Path.Combine(Diffusion.Data.MnistArchive.DefaultCacheDirectory, "evaluations") };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("evaluate", "Evaluate a step plan: MACs, speed-up, NFE, rFID and KID against the teacher, optional FID, wall time")
        {
            plan, images, features, fid, cacheDir, json,
        };
        model.AddTo(command);
        generation.AddTo(command);
        data.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            int count = parse.GetValue(images);
            if (count < 2)
                throw new UsageException("--images: must be ≥ 2");
            var settings = generation.Resolve(parse);
            var stepPlan = PlanOption.Parse(parse.GetValue(plan)!, settings.Timesteps.Length);
            string featuresPath = parse.GetValue(features)!;
            if (!File.Exists(featuresPath))
                throw new UsageException($"--features: no such file '{featuresPath}'");
            CliApp.WarnIfAllocatorMissing(context.Error);
            using var unet = model.Load(parse, settings.Pipeline.Device);
            var macs = MacCounter.Count(unet.Layout);
            if (stepPlan.MaxBranch >= macs.BranchCount)
                throw new UsageException($"--plan: uses branch {stepPlan.MaxBranch} but '{unet.Layout.Config.Name}' has branches 0..{macs.BranchCount - 1}");
            using var extractor = new MnistFeatureExtractor(featuresPath);
            var c = unet.Layout.Config;
            var identity = new EvaluationIdentity(model.Checksum(parse), SamplerIdentity.Of(settings.Sampler), settings.Timesteps.Length,
                parse.GetValue(generation.Spacing)!, settings.Schedule.Kind.ToString().ToLowerInvariant(), settings.Seed, count, settings.Pipeline.BatchSize,
                extractor.Checksum, settings.Pipeline.Nulls.ToString().ToLowerInvariant(), NumericsPolicy.Describe(settings.Pipeline.Device));
            var cache = new DiskBlobCache(parse.GetValue(cacheDir)!);
            var evaluator = new RelativeFidEvaluator(new DiffusionPipeline(unet, settings.Schedule, settings.Sampler, settings.Pipeline),
                settings.Timesteps, new NoiseBank(settings.Seed, c.InChannels, c.Resolution, c.Resolution), extractor, cache, identity, macs);

            using (var bar = new ProgressBar(context, "teacher"))
                await evaluator.TeacherFeaturesAsync(new SynchronousProgress<SamplingProgress>(p => bar.Report(p.Fraction)), cancellationToken);
            PlanEvaluation result;
            FeatureSet planFeatures;
            using (var bar = new ProgressBar(context, "plan"))
                (result, planFeatures) = await evaluator.EvaluateWithFeaturesAsync(stepPlan, new SynchronousProgress<SamplingProgress>(p => bar.Report(p.Fraction)), cancellationToken);
            double? dataFid = null;
            if (parse.GetValue(fid))
            {
                var (mnist, split) = data.Load(parse, context.Error);
                var real = await RealDataReference.FeaturesAsync(mnist, split, extractor, cache, cancellationToken);
                dataFid = FrechetDistance.Compute(planFeatures.Statistics(), real.Statistics());
            }
            Write(context, result, dataFid, evaluator.TeacherComputations == 0, parse.GetValue(json));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(CliContext context, PlanEvaluation r, double? fid, bool teacherCached, bool json)
    {
        if (json)
        {
            context.Output.WriteLine(JsonSerializer.Serialize(new
            {
                r.Plan, r.Nfe, r.Macs, r.MacSpeedup, r.Rfid, r.Kid, Fid = fid, r.Images, r.SamplingSeconds, r.WallSeconds, r.ImagesPerSecond, TeacherCached = teacherCached,
            }, Json));
            return;
        }
        context.Output.WriteLine($"plan        {r.Plan}");
        context.Output.WriteLine(FormattableString.Invariant($"NFE         {r.Nfe}"));
        context.Output.WriteLine(FormattableString.Invariant($"MACs        {r.Macs / 1e9:F4} G per image, speed-up {r.MacSpeedup:F3}x"));
        context.Output.WriteLine(FormattableString.Invariant($"rFID        {r.Rfid:F4}  (KID {r.Kid:F5}; {r.Images} images, teacher features {(teacherCached ? "from cache" : "computed")})"));
        if (fid is { } value)
            context.Output.WriteLine(FormattableString.Invariant($"FID         {value:F4}  (against the real training digits)"));
        context.Output.WriteLine(FormattableString.Invariant($"wall time   {r.WallSeconds:F2} s ({r.SamplingSeconds:F2} s sampling, {r.ImagesPerSecond:F2} images/s)"));
    }
}
