using System.CommandLine;
using System.Diagnostics;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Metrics.Features;
using Flexiffusion.Metrics.Statistics;
using Flexiffusion.Plans;
using TorchSharp;

namespace Flexiffusion.Cli.Commands;

/// <summary>
/// <c>flexiffusion quality</c>: the reference model's quality bar. Samples with the teacher, classifies
/// the samples with the feature network (mean top-class confidence, share of each digit), and
/// reports FID in the feature network's space against the real training digits, beside the noise
/// floor (held-out real digits) and, optionally, a badly undertrained checkpoint.
/// </summary>
public static class QualityCommand
{
    private const int Chunk = 256;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var config = ConfigOption.Create("mnist");
        var weights = new Option<string>("--weights") { Description = "DDPM weights", DefaultValueFactory = _ => "models/mnist-ddpm/ema.bin" };
        var classifier = new Option<string>("--classifier") { Description = "Feature network weights", DefaultValueFactory = _ => "models/mnist-features/classifier.bin" };
        var images = new Option<int>("--images") { Description = "Samples to generate and score", DefaultValueFactory = _ => 2000 };
        var undertrained = new Option<string?>("--undertrained") { Description = "Weights of an undertrained checkpoint to score as a reference" };
        var undertrainedImages = new Option<int>("--undertrained-images") { Description = "Samples from the undertrained checkpoint", DefaultValueFactory = _ => 1000 };
        var output = new Option<string?>("--out") { Description = "Write the results as JSON to this file (and Markdown beside it)" };
        var generation = new GenerationOptions();
        var data = new DataOptions();
        var command = new Command("quality", "Score the DDPM: classifier confidence, digit balance, FID against real digits with references")
        {
            config, weights, classifier, images, undertrained, undertrainedImages, output,
        };
        generation.AddTo(command);
        data.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            int count = parse.GetValue(images), underCount = parse.GetValue(undertrainedImages);
            if (count < 1000)
                throw new UsageException("--images: must be ≥ 1000 (the quality bar scores 1,000 samples and FID needs 2,000+)");
            if (underCount < 2)
                throw new UsageException("--undertrained-images: must be ≥ 2");
            string? underWeights = parse.GetValue(undertrained);
            foreach (var (option, file) in new[] { ("--weights", parse.GetValue(weights)), ("--classifier", parse.GetValue(classifier)), ("--undertrained", underWeights) })
            {
                if (file is not null && !File.Exists(file))
                    throw new UsageException($"{option}: no such file '{file}'");
            }
            var settings = generation.Resolve(parse);
            var unetConfig = ConfigOption.Resolve(parse.GetValue(config)!);
            CliApp.WarnIfAllocatorMissing(context.Error);
            var (mnist, split) = data.Load(parse, context.Error);
            var clock = Stopwatch.StartNew();

            using var net = new MnistClassifier();
            net.load(parse.GetValue(classifier)!);
            net.eval();
            var scorer = new SampleScorer(net);
            var train = scorer.Statistics(mnist.Images(split.Train), out _);
            var heldOut = scorer.Statistics(mnist.Images(split.HeldOut), out var heldOutPredictions);
            double heldOutAccuracy = heldOutPredictions.Zip(split.HeldOut).Count(p => p.First.Label == mnist.Labels[p.Second]) / (double)split.HeldOut.Count;

            var teacher = StepPlan.Teacher(settings.Timesteps.Length);
            var (all, first1000, predictions) = Sample(context, parse.GetValue(weights)!, unetConfig, settings, teacher, count, scorer, "sampling", cancellationToken);
            GaussianStatistics? under = null;
            if (underWeights is not null)
                under = Sample(context, underWeights, unetConfig, settings, teacher, underCount, scorer, "undertrained", cancellationToken).All;

            var report = new QualityReport
            {
                Weights = parse.GetValue(weights)!,
                Classifier = parse.GetValue(classifier)!,
                Sampler = $"{settings.Sampler.Name}, {settings.Timesteps.Length} steps, {parse.GetValue(generation.Spacing)} spacing, seed {settings.Seed}",
                Samples = count,
                MeanConfidence = predictions.Average(p => p.Confidence),
                DigitShares = Enumerable.Range(0, 10).Select(d => predictions.Count(p => p.Label == d) / (double)count).ToArray(),
                Fid = FrechetDistance.Compute(all, train),
                Fid1000 = FrechetDistance.Compute(first1000, train),
                NoiseFloorFid = FrechetDistance.Compute(heldOut, train),
                UndertrainedFid = under is null ? null : FrechetDistance.Compute(under, train),
                UndertrainedSamples = under is null ? null : underCount,
                HeldOutAccuracy = heldOutAccuracy,
                WallSeconds = clock.Elapsed.TotalSeconds,
            };
            context.Output.WriteLine(report.ToMarkdown());
            if (parse.GetValue(output) is { } path)
            {
                File.WriteAllText(path, report.ToJson());
                File.WriteAllText(Path.ChangeExtension(path, ".md"), report.ToMarkdown());
            }
            return Task.FromResult(report.Passes ? ExitCodes.Ok : ExitCodes.Failure);
        });
        return command;
    }

    private static (GaussianStatistics All, GaussianStatistics First1000, List<(int Label, double Confidence)> Predictions) Sample(
        CliContext context, string weightsPath, UNetConfig config, GenerationSettings settings, StepPlan plan, int count,
        SampleScorer scorer, string label, CancellationToken cancellationToken)
    {
        using var unet = new UNet(config, 0);
        unet.load(weightsPath);
        unet.to(settings.Pipeline.Device);
        var pipeline = new DiffusionPipeline(unet, settings.Schedule, settings.Sampler, settings.Pipeline);
        var bank = new NoiseBank(settings.Seed, config.InChannels, config.Resolution, config.Resolution);
        var all = new GaussianStatistics(MnistClassifier.FeatureDimension);
        var first = new GaussianStatistics(MnistClassifier.FeatureDimension);
        var predictions = new List<(int, double)>();
        using var bar = new ProgressBar(context, label);
        for (int start = 0; start < count; start += Chunk)
        {
            int n = Math.Min(Chunk, count - start);
            var progress = new SynchronousProgress<SamplingProgress>(p => bar.Report((start + p.Fraction * n) / count));
            using var samples = pipeline.Generate(plan, settings.Timesteps, bank, start, n, progress, cancellationToken);
            scorer.Score(samples, all, predictions, first, 1000 - start);
        }
        return (all, first, predictions);
    }
}
