using System.CommandLine;
using Flexiffusion.Diffusion.Models;
using TorchSharp;

namespace Flexiffusion.Cli.Commands;

/// <summary>The options that say which network to load: configuration and weights.</summary>
public sealed class ModelOptions
{
    private readonly string? _defaultWeights;

    /// <summary>Creates the options with a default configuration name and, optionally, default weights used when they exist.</summary>
    public ModelOptions(string defaultConfig, string? defaultWeights = null)
    {
        Config = ConfigOption.Create(defaultConfig).Sets("evaluation.model");
        _defaultWeights = defaultWeights;
        if (defaultWeights is not null)
            Weights.Description += $" (default: {defaultWeights})";
    }

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

    /// <summary>The weights file to load, or null for random weights; usage errors when ambiguous.</summary>
    public string? WeightsPath(ParseResult parse)
    {
        string? weights = parse.GetValue(Weights);
        bool random = parse.GetValue(RandomWeights);
        if (weights is not null && random)
            throw new UsageException("give either --weights PATH or --random-weights, not both");
        if (random)
            return null;
        if (weights is not null)
            return weights;
        if (_defaultWeights is not null && File.Exists(_defaultWeights))
            return _defaultWeights;
        throw new UsageException(_defaultWeights is null
            ? "give --weights PATH or --random-weights"
            : $"--weights: the default '{_defaultWeights}' is not here (run from the repository root, or give --weights PATH or --random-weights)");
    }

    /// <summary>Identity of the weights for cache keys: the file's SHA-256, or the random initialisation's seed.</summary>
    public string Checksum(ParseResult parse) => WeightsPath(parse) is { } path
        ? WeightsChecksum.OfFile(path)
        : WeightsChecksum.OfRandom(ConfigOption.Resolve(parse.GetValue(Config)!), parse.GetValue(InitSeed));

    /// <summary>Builds the network on <paramref name="device"/>; bad values become usage errors.</summary>
    public UNet Load(ParseResult parse, torch.Device device)
    {
        var config = ConfigOption.Resolve(parse.GetValue(Config)!);
        string? weights = WeightsPath(parse);
        bool random = parse.GetValue(RandomWeights);
        if (weights is not null && !File.Exists(weights))
            throw new UsageException($"--weights: no such file '{weights}'");
        var model = new UNet(config, parse.GetValue(InitSeed));
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
