using System.CommandLine;
using System.Globalization;
using Flexiffusion.Diffusion.Imaging;
using Flexiffusion.Diffusion.Schedules;
using Flexiffusion.Diffusion.Training;

namespace Flexiffusion.Cli.Commands;

/// <summary><c>flexiffusion train ddpm</c>: trains the MNIST DDPM with checkpoints and resume.</summary>
public static class TrainDdpmCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var config = ConfigOption.Create("mnist");
        var data = new DataOptions();
        var runDir = new Option<string>("--run-dir") { Description = "Folder for checkpoints, loss curve and final weights", DefaultValueFactory = _ => "runs/mnist-ddpm" };
        var resume = new Option<bool>("--resume") { Description = "Continue from the run folder's newest checkpoint" };
        var defaults = new DdpmTrainingOptions();
        var steps = new Option<int>("--steps") { Description = "Total optimizer steps", DefaultValueFactory = _ => defaults.Steps };
        var batch = new Option<int>("--batch-size") { Description = "Images per step", DefaultValueFactory = _ => defaults.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => defaults.LearningRate };
        var warmup = new Option<int>("--warmup") { Description = "Learning-rate warm-up steps", DefaultValueFactory = _ => defaults.WarmupSteps };
        var ema = new Option<double>("--ema-decay") { Description = "EMA decay of the shipped weights", DefaultValueFactory = _ => defaults.EmaDecay };
        var every = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints", DefaultValueFactory = _ => defaults.CheckpointEvery };
        var seed = new Option<long>("--seed") { Description = "Seed of initialisation, batches, timesteps and noise", DefaultValueFactory = _ => defaults.Seed };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto", DefaultValueFactory = _ => "cpu" };
        var command = new Command("ddpm", "Train the DDPM (ε-prediction, Adam, EMA) on the training split")
        {
            config, runDir, resume, steps, batch, lr, warmup, ema, every, seed, device,
        };
        data.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var unet = ConfigOption.Resolve(parse.GetValue(config)!);
            DdpmTrainingOptions options;
            try
            {
                options = new DdpmTrainingOptions
                {
                    Steps = parse.GetValue(steps),
                    BatchSize = parse.GetValue(batch),
                    LearningRate = parse.GetValue(lr),
                    WarmupSteps = parse.GetValue(warmup),
                    EmaDecay = parse.GetValue(ema),
                    CheckpointEvery = parse.GetValue(every),
                    Seed = parse.GetValue(seed),
                }.Validate();
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--{Kebab(e.ParamName)}: {e.Message.Split(" (Parameter")[0].Split(": ", 2)[^1]}");
            }
            string folder = parse.GetValue(runDir)!;
            string? latest = TrainingCheckpoint.Latest(folder);
            bool resuming = parse.GetValue(resume);
            if (resuming && latest is null)
                throw new UsageException($"--resume: '{folder}' has no checkpoint to resume from");
            if (!resuming && latest is not null)
                throw new UsageException($"--run-dir: '{folder}' already holds checkpoints; pass --resume to continue it or choose another folder");
            var torchDevice = GenerationOptions.ParseDevice(parse.GetValue(device)!);
            CliApp.WarnIfAllocatorMissing(context.Error);
            var (mnist, split) = data.Load(parse, context.Error);

            using var images = mnist.Images(split.Train, unet.Resolution);
            using var trainer = new DdpmTrainer(unet, NoiseSchedule.Linear(), images, options, torchDevice);
            if (latest is not null)
            {
                trainer.Resume(latest);
                context.Output.WriteLine(FormattableString.Invariant($"resumed {latest} at step {trainer.Step}"));
            }
            Directory.CreateDirectory(folder);
            context.Output.WriteLine(FormattableString.Invariant(
                $"training '{unet.Name}' on {split.Train.Count} digits: {options.Steps} steps of {options.BatchSize}, lr {options.LearningRate}, EMA {options.EmaDecay}, seed {options.Seed}"));
            TrainingState state;
            using (var bar = new ProgressBar(context, "training"))
            {
                var progress = new SynchronousProgress<TrainingProgress>(p => Report(context, bar, p));
                state = trainer.Run(folder, progress, cancellationToken);
            }
            WriteOutputs(folder, trainer, state);
            File.WriteAllText(Path.Combine(folder, "card.md"), DdpmModelCard.Render(folder, unet, state, split));
            context.Output.WriteLine(FormattableString.Invariant(
                $"done: step {state.Step}, smoothed loss {state.SmoothedLoss:F5}, {state.ElapsedSeconds / 60:F1} min; weights in {Path.Combine(folder, "ema.bin")}"));
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static void Report(CliContext context, ProgressBar bar, TrainingProgress p)
    {
        string status = FormattableString.Invariant($"step {p.Step}/{p.Steps} loss {p.Loss:F4} (avg {p.SmoothedLoss:F4}) lr {p.LearningRate:0.##e+0}");
        if (context.Interactive)
        {
            bar.Report((double)p.Step / p.Steps, status);
            return;
        }
        if (p.Step % 50 == 0 || p.Step == p.Steps)
        {
            double eta = p.Elapsed.TotalSeconds / p.Step * (p.Steps - p.Step);
            context.Output.WriteLine(FormattableString.Invariant($"{status} elapsed {p.Elapsed:hh\\:mm\\:ss} ETA {TimeSpan.FromSeconds(eta):hh\\:mm\\:ss}"));
            context.Output.Flush();
        }
    }

    private static void WriteOutputs(string folder, DdpmTrainer trainer, TrainingState state)
    {
        trainer.Ema.save(Path.Combine(folder, "ema.bin"));
        trainer.Model.save(Path.Combine(folder, "model.bin"));
        File.WriteAllText(Path.Combine(folder, "config.json"), trainer.Config.ToJson());
        File.WriteAllText(Path.Combine(folder, "training.json"), state.ToJson());
        File.WriteAllLines(Path.Combine(folder, "loss.csv"),
            ["step,loss", .. state.Losses.Select((l, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1},{l:R}"))]);
        File.WriteAllBytes(Path.Combine(folder, "loss.png"), LossPlot.Render(state.Losses));
    }

    private static string Kebab(string? name) => name switch
    {
        "learningRate" => "lr",
        "warmupSteps" => "warmup",
        _ => string.Concat((name ?? "value").Select(c => char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString())),
    };
}
