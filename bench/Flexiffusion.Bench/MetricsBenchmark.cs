using System.Diagnostics;
using System.Text;
using Flexiffusion.Diffusion.Data;
using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Diffusion.Runtime;
using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Diffusion.Schedules;
using Flexiffusion.Identity;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Metrics.Evaluation;
using Flexiffusion.Metrics.Features;
using Flexiffusion.Metrics.Statistics;
using Flexiffusion.Plans;

namespace Flexiffusion.Bench;

/// <summary>
/// Metric costs on the shipped MNIST model and feature network: features + statistics + distance for
/// 256 and 2,000 images, and one candidate's rFID evaluation (256 paired images, teacher features
/// cached) against a FID evaluation against real data at 2,000 and 5,000 images, for a 5×-cheaper plan.
/// </summary>
public static class MetricsBenchmark
{
    public static void Run(StringBuilder report, bool quick)
    {
        const string weights = "models/mnist-ddpm/ema.bin", features = "models/mnist-features/classifier.bin";
        var config = UNetConfigs.Mnist;
        using var unet = new UNet(config, 0);
        unet.load(weights);
        using var extractor = new MnistFeatureExtractor(features);
        var schedule = NoiseSchedule.Linear();
        var timesteps = TeacherTimesteps.Create(TimestepSpacing.Uniform, 100);
        var pipeline = new DiffusionPipeline(unet, schedule, new DdimSampler(), new PipelineOptions { BatchSize = 256 });
        var bank = new NoiseBank(0, 1, 32, 32);
        var data = new MnistArchive(MnistArchive.DefaultCacheDirectory).Load();
        var split = MnistSplit.Create(data.Count);
        var cache = new MemoryBlobCache();
        var real = RealDataReference.FeaturesAsync(data, split, extractor, cache).GetAwaiter().GetResult().Statistics();

        report.AppendLine();
        report.AppendLine("## Metric cost (features + statistics + Fréchet distance), real digits as input");
        report.AppendLine();
        report.AppendLine("| images | features s | statistics s | distance s | total s |");
        report.AppendLine("|---|---|---|---|---|");
        foreach (int n in new[] { 256, 2000 })
        {
            using var images = data.Images(Enumerable.Range(0, n).ToArray());
            var clock = Stopwatch.StartNew();
            using var f = extractor.Extract(images);
            double tFeatures = clock.Elapsed.TotalSeconds;
            var stats = new GaussianStatistics(extractor.Dimension);
            stats.Add(f);
            double tStats = clock.Elapsed.TotalSeconds - tFeatures;
            FrechetDistance.Compute(stats, real);
            double tTotal = clock.Elapsed.TotalSeconds;
            report.AppendLine($"| {n} | {BenchApp.F(tFeatures, "F3")} | {BenchApp.F(tStats, "F3")} | {BenchApp.F(tTotal - tFeatures - tStats, "F3")} | {BenchApp.F(tTotal, "F3")} |");
        }

        var plan = StepPlan.StepReduction(100, 20);
        var macs = MacCounter.Count(config);
        var identity = new EvaluationIdentity("bench", "ddim(eta=0)", 100, "uniform", "linear", 0, 256, 64, extractor.Checksum, "skip", NumericsPolicy.Describe(TorchSharp.torch.CPU));
        var evaluator = new RelativeFidEvaluator(pipeline, timesteps, bank, extractor, cache, identity, macs);
        var teacherClock = Stopwatch.StartNew();
        evaluator.TeacherFeaturesAsync().GetAwaiter().GetResult();
        double teacherSeconds = teacherClock.Elapsed.TotalSeconds;
        var rfid = evaluator.EvaluateAsync(plan).GetAwaiter().GetResult();

        report.AppendLine();
        report.AppendLine($"## One candidate, plan `{plan}` ({BenchApp.F(macs.PlanSpeedup(plan))}× fewer MACs), 100-step DDIM teacher");
        report.AppendLine();
        report.AppendLine("| evaluation | images | wall s | score | saving vs FID |");
        report.AppendLine("|---|---|---|---|---|");
        var rows = new List<(string Name, int Images, double Seconds, double Score)> { ("rFID (teacher features cached)", 256, rfid.WallSeconds, rfid.Rfid) };
        foreach (int n in quick ? new[] { 2000 } : new[] { 2000, 5000 })
        {
            var clock = Stopwatch.StartNew();
            using var images = pipeline.Generate(plan, timesteps, bank, 0, n);
            using var f = extractor.Extract(images);
            var stats = new GaussianStatistics(extractor.Dimension);
            stats.Add(f);
            double fid = FrechetDistance.Compute(stats, real);
            rows.Add(("FID vs real digits (real statistics cached)", n, clock.Elapsed.TotalSeconds, fid));
        }
        foreach (var (name, n, seconds, score) in rows)
        {
            string saving = name.StartsWith("rFID", StringComparison.Ordinal) ? "" : BenchApp.F(100 * (1 - rfid.WallSeconds / seconds), "F1") + "%";
            report.AppendLine($"| {name} | {n} | {BenchApp.F(seconds)} | {BenchApp.F(score, "F3")} | {saving} |");
        }
        report.AppendLine($"\nThe teacher's features (256 images × 100 full steps) took {BenchApp.F(teacherSeconds)} s once per identity; every later candidate reads them from the cache.");
    }
}
