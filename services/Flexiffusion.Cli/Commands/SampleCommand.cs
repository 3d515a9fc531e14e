using System.CommandLine;
using System.Diagnostics;
using Flexiffusion.Diffusion.Imaging;
using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Diffusion.Runtime;

namespace Flexiffusion.Cli.Commands;

/// <summary><c>flexiffusion sample</c>: runs a step plan and writes an image grid.</summary>
public static class SampleCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var model = new ModelOptions("mnist", "models/mnist-ddpm/ema.bin");
        var generation = new GenerationOptions();
        var plan = new Option<string>("--plan") { Description = PlanOption.Description, DefaultValueFactory = _ => "teacher" };
        var images = new Option<int>("--images") { Description = "Number of images", DefaultValueFactory = _ => 64 };
        var output = new Option<string>("--out") { Description = "PNG file to write the grid to", Required = true };
        var columns = new Option<int?>("--columns") { Description = "Grid columns (default: square)" };
        var command = new Command("sample", "Generate images with a step plan and write them as a PNG grid") { plan, images, output, columns };
        model.AddTo(command);
        generation.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            int count = parse.GetValue(images);
            if (count < 1)
                throw new UsageException("--images: must be ≥ 1");
            int? cols = parse.GetValue(columns);
            if (cols is < 1)
                throw new UsageException("--columns: must be ≥ 1");
            string path = parse.GetValue(output)!;
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null && !Directory.Exists(folder))
                throw new UsageException($"--out: folder '{folder}' does not exist");
            var settings = generation.Resolve(parse);
            var stepPlan = PlanOption.Parse(parse.GetValue(plan)!, settings.Timesteps.Length);
            CliApp.WarnIfAllocatorMissing(context.Error);

            using var unet = model.Load(parse, settings.Pipeline.Device);
            var macs = MacCounter.Count(unet.Layout);
            if (stepPlan.MaxBranch >= macs.BranchCount)
                throw new UsageException($"--plan: uses branch {stepPlan.MaxBranch} but '{unet.Layout.Config.Name}' has branches 0..{macs.BranchCount - 1}");
            var pipeline = new DiffusionPipeline(unet, settings.Schedule, settings.Sampler, settings.Pipeline);
            var c = unet.Layout.Config;
            var bank = new NoiseBank(settings.Seed, c.InChannels, c.Resolution, c.Resolution);

            var clock = Stopwatch.StartNew();
            string checksum;
            using (var bar = new ProgressBar(context, "sampling"))
            {
                var progress = new SynchronousProgress<SamplingProgress>(p => bar.Report(p.Fraction));
                using var result = pipeline.Generate(stepPlan, settings.Timesteps, bank, 0, count, progress, cancellationToken);
                ImageGrid.Save(result, path, cols);
                checksum = TensorChecksum.Sha256(result);
            }
            clock.Stop();
            context.Output.WriteLine(FormattableString.Invariant($"wrote {path} ({count} images)"));
            context.Output.WriteLine(FormattableString.Invariant($"plan        {stepPlan}"));
            context.Output.WriteLine(FormattableString.Invariant($"sampler     {settings.Sampler.Name}, {stepPlan.Count} teacher steps, nulls {settings.Pipeline.Nulls.ToString().ToLowerInvariant()}, seed {settings.Seed}"));
            context.Output.WriteLine(FormattableString.Invariant($"NFE         {stepPlan.Nfe} ({stepPlan.FullCount} full, {stepPlan.PartialCount} partial)"));
            context.Output.WriteLine(FormattableString.Invariant($"MACs        {macs.PlanMacs(stepPlan) / 1e9:F3} G per image, speed-up {macs.PlanSpeedup(stepPlan):F2}x"));
            context.Output.WriteLine(FormattableString.Invariant($"wall time   {clock.Elapsed.TotalSeconds:F2} s, {count / clock.Elapsed.TotalSeconds:F2} images/s"));
            context.Output.WriteLine(FormattableString.Invariant($"numerics    {NumericsPolicy.Describe(settings.Pipeline.Device)}"));
            context.Output.WriteLine(FormattableString.Invariant($"samples     {checksum} (float32, bit-exact)"));
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
