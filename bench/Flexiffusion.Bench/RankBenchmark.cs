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
using Flexiffusion.Metrics.Ranking;
using Flexiffusion.Metrics.Statistics;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Bench;

/// <summary>
/// method.md §4: does rFID on a small paired set rank candidates as FID against real data on a large
/// set does? Kendall τ-b and Spearman ρ over 22 candidates (DDIM-k, DeepCache-style, mixed and
/// search-found schedules), and the evaluation time each way.
/// </summary>
public static class RankBenchmark
{
    private static readonly string[] Candidates =
    [
        "4: Fx4", "5: Fx5", "8: F/13x4 F/12x4", "10: Fx10", "20: Fx20", "25: Fx25",
        "10: 0:10x10", "10: 0:3x10", "10: 1:3x10", "10: 0:5x10", "10: 2:2x10",
        "20: 0:2x20", "20: 0:3x20", "20: 3:2x20", "20: Fx19 1:2", "25: 0:2x25",
        "5: 0:20x5", "5: 2:4x5", "25: Fx15 4:3 Fx4 6:4 Fx4", "25: Fx2 2:3 Fx22", "4: 0:25x4", "2: 0:50x2",
    ];

    public static void Run(StringBuilder report, bool quick)
    {
        const string weights = "models/mnist-ddpm/ema.bin", features = "models/mnist-features/classifier.bin";
        int fidImages = quick ? 500 : 2000;
        var candidates = quick ? Candidates.Take(6).ToArray() : Candidates;
        var config = UNetConfigs.Mnist;
        using var unet = new UNet(config, 0);
        unet.load(weights);
        using var extractor = new MnistFeatureExtractor(features);
        var schedule = NoiseSchedule.Linear();
        var timesteps = TeacherTimesteps.Create(TimestepSpacing.Uniform, 100);
        var pipeline = new DiffusionPipeline(unet, schedule, new DdimSampler(), new PipelineOptions { BatchSize = 256 });
        var macs = MacCounter.Count(config);
        var data = new MnistArchive(MnistArchive.DefaultCacheDirectory).Load();
        var split = MnistSplit.Create(data.Count);
        var cache = new MemoryBlobCache();
        var real = RealDataReference.FeaturesAsync(data, split, extractor, cache).GetAwaiter().GetResult().Statistics();
        var rfid256 = Evaluator(256);
        var rfid64 = Evaluator(64);
        var clock = Stopwatch.StartNew();
        rfid256.TeacherFeaturesAsync().GetAwaiter().GetResult();
        rfid64.TeacherFeaturesAsync().GetAwaiter().GetResult();
        double teacherSeconds = clock.Elapsed.TotalSeconds;
        // FID images come from their own noise (seed 1000): FID needs no pairing with the teacher.
        var fidBank = new NoiseBank(1000, 1, 32, 32);

        var rows = new List<(string Candidate, double Speedup, int Nfe, double Rfid256, double Rfid64, double Fid, double RfidSeconds, double FidSeconds)>();
        foreach (string text in candidates)
        {
            var plan = Candidate.Parse(text, 100).ToPlan();
            var r256 = rfid256.EvaluateAsync(plan).GetAwaiter().GetResult();
            var r64 = rfid64.EvaluateAsync(plan).GetAwaiter().GetResult();
            clock.Restart();
            using var images = pipeline.Generate(plan, timesteps, fidBank, 0, fidImages);
            using var f = extractor.Extract(images);
            var stats = new GaussianStatistics(extractor.Dimension);
            stats.Add(f);
            double fid = FrechetDistance.Compute(stats, real);
            rows.Add((text, macs.PlanSpeedup(plan), plan.Nfe, r256.Rfid, r64.Rfid, fid, r256.WallSeconds, clock.Elapsed.TotalSeconds));
            Console.Error.WriteLine($"rank: {text}: rFID256 {r256.Rfid:F3} rFID64 {r64.Rfid:F3} FID{fidImages} {fid:F3}");
        }

        var fids = rows.Select(r => r.Fid).ToList();
        report.AppendLine();
        report.AppendLine($"## Rank agreement: rFID on paired images vs FID against real digits ({rows.Count} candidates)");
        report.AppendLine();
        report.AppendLine($"Model `mnist`, 100-step DDIM teacher (uniform spacing, skip nulls). rFID: the candidate's and the teacher's features from the same noise (seed 0). FID: {fidImages} images from independent noise (seed 1000) against the 9,000 real training digits.");
        report.AppendLine();
        report.AppendLine($"| candidate | MAC speed-up | NFE | rFID (256) | rFID (64) | FID ({fidImages}) | rFID s | FID s |");
        report.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows.OrderBy(r => r.Fid))
            report.AppendLine($"| `{r.Candidate}` | {BenchApp.F(r.Speedup)}× | {r.Nfe} | {BenchApp.F(r.Rfid256, "F3")} | {BenchApp.F(r.Rfid64, "F3")} | {BenchApp.F(r.Fid, "F3")} | {BenchApp.F(r.RfidSeconds, "F1")} | {BenchApp.F(r.FidSeconds, "F1")} |");
        double rfidTime = rows.Sum(r => r.RfidSeconds), fidTime = rows.Sum(r => r.FidSeconds);
        report.AppendLine();
        report.AppendLine($"- Kendall τ-b (rFID 256 vs FID {fidImages}): **{BenchApp.F(RankAgreement.KendallTau([.. rows.Select(r => r.Rfid256)], fids), "F3")}**, Spearman ρ {BenchApp.F(RankAgreement.SpearmanRho([.. rows.Select(r => r.Rfid256)], fids), "F3")}");
        report.AppendLine($"- Kendall τ-b (rFID 64 vs FID {fidImages}): **{BenchApp.F(RankAgreement.KendallTau([.. rows.Select(r => r.Rfid64)], fids), "F3")}**, Spearman ρ {BenchApp.F(RankAgreement.SpearmanRho([.. rows.Select(r => r.Rfid64)], fids), "F3")}");
        report.AppendLine($"- Kendall τ-b (rFID 64 vs rFID 256): {BenchApp.F(RankAgreement.KendallTau([.. rows.Select(r => r.Rfid64)], [.. rows.Select(r => r.Rfid256)]), "F3")}");
        report.AppendLine($"- evaluation time: rFID (256) {BenchApp.F(rfidTime, "F1")} s for all candidates vs FID ({fidImages}) {BenchApp.F(fidTime, "F1")} s: {BenchApp.F(100 * (1 - rfidTime / fidTime), "F1")}% less (the teachers' features, {BenchApp.F(teacherSeconds, "F1")} s, once per identity)");
        report.AppendLine();

        RelativeFidEvaluator Evaluator(int images) => new(pipeline, timesteps, new NoiseBank(0, 1, 32, 32), extractor, cache,
            new EvaluationIdentity("bench-rank", "ddim(eta=0)", 100, "uniform", "linear", 0, images, 64, extractor.Checksum, "skip", NumericsPolicy.Describe(TorchSharp.torch.CPU)), macs);
    }
}
