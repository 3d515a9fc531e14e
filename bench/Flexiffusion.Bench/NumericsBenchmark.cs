using System.Diagnostics;
using System.Globalization;
using System.Text;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Diffusion.Runtime;
using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Diffusion.Schedules;
using Flexiffusion.Diffusion.Training;
using Flexiffusion.Plans;
using static TorchSharp.torch;

namespace Flexiffusion.Bench;

/// <summary>
/// Teacher sampling and a training step under each CPU kernel configuration: the policy's (oneDNN capped
/// at AVX2 on AVX-512 CPUs) and oneDNN uncapped (<c>DNNL_MAX_CPU_ISA=DEFAULT</c>). Each runs in a fresh
/// process, because oneDNN reads its cap once; the parent compares speed and the samples' bits.
/// </summary>
public static class NumericsBenchmark
{
    private const string Weights = "models/mnist-ddpm/ema.bin";
    private const string ChildMode = "numerics-child";

    public static void Run(StringBuilder report, bool quick)
    {
        var configurations = new (string Name, string? Cap)[] { ("policy (no variable set)", null), ("oneDNN uncapped (DNNL_MAX_CPU_ISA=DEFAULT)", "DEFAULT") };
        var results = configurations.Select(c => (c.Name, Result: RunChild(c.Cap, quick))).ToList();
        int images = quick ? 16 : 64;
        report.AppendLine();
        report.AppendLine($"## CPU kernel configurations: teacher sampling and training (hardware: {NumericsPolicy.Name(NumericsPolicy.Hardware)})");
        report.AppendLine();
        report.AppendLine($"Teacher: shipped `mnist` model, 100 DDIM steps, {images} images in one batch, median of the runs. " +
            "Training: `mnist` configuration, batch 64, Adam, median ms per step after one warm-up step. Each configuration runs in its own process.");
        report.AppendLine();
        report.AppendLine("| configuration | oneDNN ISA (its verbose header) | numerics class | teacher s (runs) | training ms/step (steps) | samples checksum | repeat in process identical |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (name, r) in results)
        {
            report.AppendLine($"| {name} | {r["isa"]} | `{r["class"]}` | {r["teacher_s"]} ({r["teacher_runs"]}) | {r["train_ms"]} ({r["train_steps"]}) | `{r["checksum"][..19]}…` | {r["repeat_identical"]} |");
        }
        bool same = results[0].Result["checksum"] == results[1].Result["checksum"];
        report.AppendLine();
        report.AppendLine($"Samples bit-identical across the two configurations: **{(same ? "yes" : "no")}**.");
    }

    /// <summary>The measurement inside one child process; prints <c>key=value</c> lines.</summary>
    public static int RunChild(bool quick)
    {
        int images = quick ? 16 : 64, runs = quick ? 2 : 3, steps = quick ? 3 : 5;
        var config = UNetConfigs.Mnist;
        using var unet = new UNet(config, 0);
        unet.load(Weights);
        unet.eval();
        var timesteps = TeacherTimesteps.Create(TimestepSpacing.Uniform, 100);
        var pipeline = new DiffusionPipeline(unet, NoiseSchedule.Linear(), new DdimSampler(), new PipelineOptions { BatchSize = images });
        var bank = new NoiseBank(0, 1, 32, 32);
        var checksums = new List<string>();
        double teacher = Timing.MedianMs(() =>
        {
            using var result = pipeline.Generate(StepPlan.Teacher(100), timesteps, bank, 0, images);
            checksums.Add(TensorChecksum.Sha256(result));
        }, 0, runs) / 1000;

        using var data = rand(256, 1, 32, 32) * 2 - 1;
        using var trainer = new DdpmTrainer(config, NoiseSchedule.Linear(), data, new DdpmTrainingOptions { Steps = steps + 1, BatchSize = 64, Seed = 1 });
        double train = Timing.MedianMs(() => trainer.TrainStep(), 1, steps);
        bool finite = trainer.Losses.All(double.IsFinite);

        Console.WriteLine($"class={NumericsPolicy.Describe(CPU)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"teacher_s={teacher:F2}"));
        Console.WriteLine($"teacher_runs={runs}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train_ms={train:F0}"));
        Console.WriteLine($"train_steps={steps}{(finite ? "" : ", NON-FINITE LOSS")}");
        Console.WriteLine($"checksum={checksums[0]}");
        Console.WriteLine($"repeat_identical={(checksums.Distinct().Count() == 1 ? "yes" : "NO")}");
        return 0;
    }

    /// <summary>Whether <paramref name="args"/> asks for the child measurement.</summary>
    public static bool IsChild(string[] args) => args.Length > 0 && args[0] == ChildMode;

    private static Dictionary<string, string> RunChild(string? cap, bool quick)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ChildMode);
        if (quick)
            start.ArgumentList.Add("--quick");
        start.Environment.Remove(NumericsPolicy.IsaVariable);
        start.Environment.Remove(NumericsPolicy.OneDnnIsaVariable);
        if (cap is not null)
            start.Environment[NumericsPolicy.IsaVariable] = cap;
        start.Environment["ONEDNN_VERBOSE"] = "check";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"numerics child failed ({process.ExitCode}): {error.Result}");
        var values = output.Split('\n').Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith("onednn", StringComparison.Ordinal))
            .Select(l => l.Trim().Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        values["isa"] = output.Split('\n').FirstOrDefault(l => l.Contains(",isa:", StringComparison.Ordinal))?.Split("isa:")[1].Trim() ?? "unknown";
        return values;
    }
}
