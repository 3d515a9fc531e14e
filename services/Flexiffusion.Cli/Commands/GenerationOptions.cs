using System.CommandLine;
using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Diffusion.Runtime;
using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Diffusion.Schedules;

namespace Flexiffusion.Cli.Commands;

/// <summary>The options that say how images are generated, shared by every command that samples.</summary>
public sealed class GenerationOptions
{
    /// <summary>Teacher steps.</summary>
    public Option<int> Steps { get; } = new Option<int>("--steps") { Description = "Teacher steps (positions of the plan)", DefaultValueFactory = _ => 100 }.Sets("evaluation.teacher_steps");

    /// <summary>Teacher spacing.</summary>
    public Option<string> Spacing { get; } = new Option<string>("--spacing") { Description = "Teacher timestep spacing: uniform or quadratic", DefaultValueFactory = _ => "uniform" }.Sets("evaluation.spacing");

    /// <summary>β schedule.</summary>
    public Option<string> Schedule { get; } = new Option<string>("--schedule") { Description = "Training noise schedule: linear or cosine", DefaultValueFactory = _ => "linear" }.Sets("evaluation.schedule");

    /// <summary>Sampler.</summary>
    public Option<string> Sampler { get; } = new Option<string>("--sampler") { Description = $"Sampler: {string.Join(", ", SamplerFactory.Names)}", DefaultValueFactory = _ => "ddim" }.Sets("evaluation.sampler");

    /// <summary>DDIM η.</summary>
    public Option<double> Eta { get; } = new Option<double>("--eta") { Description = "DDIM η in [0, 1] (0 = deterministic)", DefaultValueFactory = _ => 0.0 }.Sets("evaluation.eta");

    /// <summary>Null-step semantics.</summary>
    public Option<string> Nulls { get; } = new Option<string>("--nulls") { Description = "Null steps: skip (jump over the position) or reuse (step with the last prediction)", DefaultValueFactory = _ => "skip" }.Sets("evaluation.nulls");

    /// <summary>Noise-bank seed.</summary>
    public Option<long> Seed { get; } = new Option<long>("--seed") { Description = "Noise-bank seed (same seed, same initial noise on every machine)", DefaultValueFactory = _ => 0L }.Sets("evaluation.noise_seed");

    /// <summary>Batch size.</summary>
    public Option<int> BatchSize { get; } = new Option<int>("--batch-size") { Description = "Images per forward pass", DefaultValueFactory = _ => 64 }.Sets("evaluation.batch_size");

    /// <summary>Device.</summary>
    public Option<string> Device { get; } = new("--device") { Description = "cpu, cuda, cuda:N or auto", DefaultValueFactory = _ => "cpu" };

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Steps, Spacing, Schedule, Sampler, Eta, Nulls, Seed, BatchSize, Device })
            command.Options.Add(option);
    }

    /// <summary>Resolves the parsed values into the engine's types; bad values become usage errors.</summary>
    public GenerationSettings Resolve(ParseResult parse)
    {
        int steps = parse.GetValue(Steps);
        var schedule = NoiseSchedule.Create(ParseEnum<BetaSchedule>(parse.GetValue(Schedule)!, "--schedule"));
        if (steps < 1 || steps > schedule.TrainSteps)
            throw new UsageException($"--steps: must be in 1..{schedule.TrainSteps}");
        var spacing = ParseEnum<TimestepSpacing>(parse.GetValue(Spacing)!, "--spacing");
        ISampler sampler;
        try
        {
            sampler = SamplerFactory.Create(SamplerFactory.Parse(parse.GetValue(Sampler)!), parse.GetValue(Eta));
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{(e.ParamName == "eta" ? "--eta" : "--sampler")}: {e.Message.Split(" (Parameter")[0]}");
        }
        int batch = parse.GetValue(BatchSize);
        if (batch < 1)
            throw new UsageException("--batch-size: must be ≥ 1");
        var device = ParseDevice(parse.GetValue(Device)!);
        var options = new PipelineOptions
        {
            BatchSize = batch,
            Nulls = ParseEnum<NullSemantics>(parse.GetValue(Nulls)!, "--nulls"),
            Device = device,
        };
        return new GenerationSettings(schedule, TeacherTimesteps.Create(spacing, steps, schedule.TrainSteps), sampler, options, parse.GetValue(Seed));
    }

    /// <summary>Parses a <c>--device</c> value; a bad one becomes a usage error naming the option.</summary>
    public static TorchSharp.torch.Device ParseDevice(string value)
    {
        try
        {
            return TorchRuntime.ParseDevice(value);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--device: {e.Message.Split(" (Parameter")[0]}");
        }
    }

    private static T ParseEnum<T>(string value, string option) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _)
            ? parsed
            : throw new UsageException($"{option}: '{value}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
}
