using System.CommandLine;
using Flexiffusion.Diffusion.Models;
using TorchSharp;

namespace Flexiffusion.Cli.Commands;

/// <summary>The options that say which network to load: configuration and weights.</summary>
public sealed class ModelOptions
{
    /// <summary>Creates the options with a default configuration name.</summary>
    public ModelOptions(string defaultConfig) => Config = ConfigOption.Create(defaultConfig);

    /// <summary>Configuration.</summary>
    public Option<string> Config { get; }

    /// <summary>Weights file.</summary>
    public Option<string?> Weights { get; } = new("--weights") { Description = "Model weights (a TorchSharp state file)" };

    /// <summary>Random weights instead of a file.</summary>
    public Option<bool> RandomWeights { get; } = new("--random-weights") { Description = "Use randomly initialised weights (for smoke tests)" };

    /// <summary>Seed of the random initialisation.</summary>
    public Option<long> InitSeed { get; } = new("--init-seed") { Description = "Seed of --random-weights", DefaultValueFactory = _ => 0L };

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Config, Weights, RandomWeights, InitSeed })
            command.Options.Add(option);
    }

    /// <summary>Builds the network on <paramref name="device"/>; bad values become usage errors.</summary>
    public UNet Load(ParseResult parse, torch.Device device)
    {
        var config = ConfigOption.Resolve(parse.GetValue(Config)!);
        string? weights = parse.GetValue(Weights);
        bool random = parse.GetValue(RandomWeights);
        if (weights is null == !random)
            throw new UsageException("give exactly one of --weights PATH or --random-weights");
        if (weights is not null && !File.Exists(weights))
            throw new UsageException($"--weights: no such file '{weights}'");
        torch.manual_seed(parse.GetValue(InitSeed));
        var model = new UNet(config);
        if (weights is not null)
        {
            try
            {
                model.load(weights);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or NotImplementedException)
            {
                model.Dispose();
                throw new UsageException($"--weights: cannot load '{weights}' into '{config.Name}': {e.Message}");
            }
        }
        return model.to(device);
    }
}
