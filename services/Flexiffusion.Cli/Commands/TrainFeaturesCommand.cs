using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Flexiffusion.Diffusion.Data;
using Flexiffusion.Metrics.Features;

namespace Flexiffusion.Cli.Commands;

/// <summary><c>flexiffusion train features</c>: trains the MNIST classifier whose penultimate layer gives the FID features.</summary>
public static class TrainFeaturesCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var defaults = new ClassifierTrainingOptions();
        var data = new DataOptions();
        var output = new Option<string>("--out") { Description = "Folder for classifier.bin, card.md and metrics.json", DefaultValueFactory = _ => "models/mnist-features" };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training split", DefaultValueFactory = _ => defaults.Epochs };
        var seed = new Option<long>("--seed") { Description = "Seed of initialisation, batch order, shifts and dropout", DefaultValueFactory = _ => defaults.Seed };
        var command = new Command("features", "Train the MNIST feature network (a small CNN classifier; 128-d penultimate features for FID)")
        {
            output, epochs, seed,
        };
        data.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            ClassifierTrainingOptions options;
            try
            {
                options = new ClassifierTrainingOptions { Epochs = parse.GetValue(epochs), Seed = parse.GetValue(seed) }.Validate();
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--{e.ParamName}: {e.Message.Split(" (Parameter")[0].Split(": ", 2)[^1]}");
            }
            string folder = parse.GetValue(output)!;
            if (string.IsNullOrWhiteSpace(folder))
                throw new UsageException("--out: must name a folder");
            if (File.Exists(folder))
                throw new UsageException($"--out: '{folder}' is a file, not a folder");
            CliApp.WarnIfAllocatorMissing(context.Error);
            var (mnist, split) = data.Load(parse, context.Error);

            context.Output.WriteLine(FormattableString.Invariant(
                $"training the feature network on {split.Train.Count} digits ({split.HeldOut.Count} held out): {options.Epochs} epochs of batch {options.BatchSize}, lr {options.LearningRate}, shifts ±{options.MaxShift} px, seed {options.Seed}"));
            using var trainer = new ClassifierTrainer(options);
            var progress = new SynchronousProgress<ClassifierEpoch>(e =>
            {
                context.Output.WriteLine(FormattableString.Invariant(
                    $"epoch {e.Epoch}/{e.Epochs}: train loss {e.TrainLoss:F4}, held-out accuracy {e.HeldOutAccuracy * 100:F2}%, {e.Elapsed.TotalSeconds:F1} s"));
                context.Output.Flush();
            });
            var result = trainer.Train(mnist, split, progress, cancellationToken);

            Directory.CreateDirectory(folder);
            string weights = Path.Combine(folder, "classifier.bin");
            trainer.Model.save(weights);
            var card = new FeatureModelCard(
                Command: FormattableString.Invariant(
                    $"flexiffusion train features --out {folder} --epochs {options.Epochs} --seed {options.Seed} --split-seed {split.Seed}"),
                Options: options,
                SplitSeed: split.Seed,
                TrainCount: split.Train.Count,
                HeldOutCount: split.HeldOut.Count,
                Result: result,
                Sha256: Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(weights))),
                Cores: Environment.ProcessorCount,
                TorchThreads: TorchSharp.torch.get_num_threads(),
                Cpu: MachineDescription.Cpu());
            File.WriteAllText(Path.Combine(folder, "card.md"), card.ToMarkdown());
            File.WriteAllText(Path.Combine(folder, "metrics.json"), JsonSerializer.Serialize(card.ToMetrics(), Json) + "\n");
            context.Output.WriteLine(FormattableString.Invariant(
                $"done: held-out accuracy {result.HeldOutAccuracy * 100:F2}% in {result.Elapsed.TotalSeconds:F0} s; weights in {weights}"));
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private sealed record FeatureModelCard(string Command, ClassifierTrainingOptions Options, long SplitSeed, int TrainCount, int HeldOutCount,
        ClassifierTrainingResult Result, string Sha256, int Cores, int TorchThreads, string Cpu)
    {
        public object ToMetrics() => new
        {
            model = "MnistClassifier",
            featureDimension = MnistClassifier.FeatureDimension,
            heldOutAccuracy = Math.Round(Result.HeldOutAccuracy, 6),
            heldOutCount = HeldOutCount,
            trainCount = TrainCount,
            splitSeed = SplitSeed,
            seed = Options.Seed,
            epochs = Options.Epochs,
            batchSize = Options.BatchSize,
            learningRate = Options.LearningRate,
            maxShift = Options.MaxShift,
            wallSeconds = Math.Round(Result.Elapsed.TotalSeconds, 1),
            history = Result.History.Select(e => new
            {
                epoch = e.Epoch,
                trainLoss = Math.Round(e.TrainLoss, 6),
                heldOutAccuracy = Math.Round(e.HeldOutAccuracy, 6),
                elapsedSeconds = Math.Round(e.Elapsed.TotalSeconds, 1),
            }),
            classifierSha256 = Sha256,
            command = Command,
            machine = new { cores = Cores, torchThreads = TorchThreads, cpu = Cpu },
        };

        public string ToMarkdown()
        {
            var text = new StringBuilder();
            void Line(FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
            Line($"# MNIST feature network (MnistClassifier)");
            Line($"");
            Line($"The extractor of the Fréchet distance on MNIST: its 128-d penultimate activations (after ReLU) are the features.");
            Line($"");
            Line($"| | |");
            Line($"|---|---|");
            Line($"| Architecture | conv3×3 1→32, BN, ReLU; conv3×3 32→32, BN, ReLU; max-pool 2; conv3×3 32→64, BN, ReLU; conv3×3 64→64, BN, ReLU; max-pool 2; flatten 4096; linear → 128, ReLU (**features**); dropout 0.3; linear 128 → 10 |");
            Line($"| Input | [n, 1, 32, 32] in [−1, 1] (28×28 digit centred with 2 px of background, as the DDPM sees it); run in eval mode |");
            Line($"| Feature dimension | {MnistClassifier.FeatureDimension} |");
            Line($"| Data | npm `{MnistArchive.Package}` (10,000 digits), split with seed {SplitSeed}: {TrainCount} train / {HeldOutCount} held out |");
            Line($"| Training | {Options.Epochs} epochs, batch {Options.BatchSize}, Adam lr {Options.LearningRate} with cosine decay to 0, random shifts ±{Options.MaxShift} px, seed {Options.Seed} |");
            Line($"| Command | `{Command}` |");
            Line($"| Wall time | {Result.Elapsed.TotalSeconds:F1} s |");
            Line($"| Machine | {Cores} cores ({TorchThreads} torch threads), {Cpu} |");
            Line($"| **Held-out accuracy** | **{Result.HeldOutAccuracy * 100:F2}%** ({HeldOutCount} digits) |");
            Line($"| SHA-256 of classifier.bin | `{Sha256}` |");
            Line($"");
            Line($"Load with `new MnistClassifier().load(\"classifier.bin\")`, then `eval()`; `Features(x)` gives the features.");
            Line($"");
            Line($"| epoch | train loss | held-out accuracy | elapsed (s) |");
            Line($"|---:|---:|---:|---:|");
            foreach (var e in Result.History)
                Line($"| {e.Epoch} | {e.TrainLoss:F4} | {e.HeldOutAccuracy * 100:F2}% | {e.Elapsed.TotalSeconds:F1} |");
            return text.ToString();
        }
    }
}
