using System.Diagnostics;
using System.Text;
using Flexiffusion.Diffusion.Data;
using Flexiffusion.Metrics.Features;
using Flexiffusion.Metrics.Statistics;

namespace Flexiffusion.Bench;

/// <summary>
/// What the paired bootstrap of a confirmation score costs: 200 replicates of the Fréchet distance between two
/// paired feature sets of the shipped MNIST classifier (128 dimensions) at the image counts a confirmation uses,
/// against the one point distance. Real digits stand in for the two image sets (row i of one set is paired with
/// row i of the other); the cost depends only on the counts.
/// </summary>
public static class BootstrapBenchmark
{
    public static void Run(StringBuilder report, bool quick)
    {
        const int replicates = 200;
        using var extractor = new MnistFeatureExtractor("models/mnist-features/classifier.bin");
        var data = new MnistArchive(MnistArchive.DefaultCacheDirectory).Load();
        report.AppendLine();
        report.AppendLine($"## Paired bootstrap of rFID: {replicates} replicates, {extractor.Dimension}-dimensional features");
        report.AppendLine();
        report.AppendLine("| images | one distance s | replicates s | per replicate ms |");
        report.AppendLine("|---|---|---|---|");
        foreach (int n in quick ? new[] { 128, 512 } : new[] { 128, 256, 512, 1024 })
        {
            using var candidateImages = data.Images(Enumerable.Range(0, n).ToArray());
            using var referenceImages = data.Images(Enumerable.Range(n, n).ToArray());
            using var candidate = extractor.Extract(candidateImages);
            using var reference = extractor.Extract(referenceImages);
            var clock = Stopwatch.StartNew();
            var a = new GaussianStatistics(extractor.Dimension);
            a.Add(candidate);
            var b = new GaussianStatistics(extractor.Dimension);
            b.Add(reference);
            FrechetDistance.Compute(a, b);
            double point = clock.Elapsed.TotalSeconds;
            clock.Restart();
            PairedBootstrap.FrechetReplicates(candidate, reference, replicates, 0);
            double all = clock.Elapsed.TotalSeconds;
            report.AppendLine($"| {n} | {BenchApp.F(point, "F3")} | {BenchApp.F(all, "F2")} | {BenchApp.F(1000 * all / replicates, "F1")} |");
        }
    }
}
