using Flexiffusion.Diffusion.Models;
using Flexiffusion.Search;

namespace Flexiffusion.Scoring.Models;

/// <summary>
/// One model an evaluator serves: its U-Net configuration, its weights (a file, or a seeded random
/// initialisation for smoke tests) and the feature network rFID is measured in. Relative paths are
/// resolved against the base directory given to <see cref="ModelCatalog.Load"/>.
/// </summary>
public sealed class ServedModelOptions
{
    /// <summary>The name requests use (<c>EvaluationSettings.model</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary>U-Net configuration: a shipped name (<c>mnist</c>, <c>ddpm-cifar10</c>), a JSON file or inline JSON, as the CLI's <c>--config</c>. Default <c>mnist</c>.</summary>
    public string Config { get; set; } = "mnist";

    /// <summary>The weights file (a TorchSharp state file); null with <see cref="RandomWeights"/>.</summary>
    public string? Weights { get; set; }

    /// <summary>Use randomly initialised weights seeded by <see cref="InitSeed"/> instead of a file (smoke tests).</summary>
    public bool RandomWeights { get; set; }

    /// <summary>Seed of the random initialisation. Default 0.</summary>
    public long InitSeed { get; set; }

    /// <summary>The feature network's weights (the MNIST classifier whose penultimate layer rFID uses).</summary>
    public string? Features { get; set; }

    /// <summary>Torch device: cpu (default), cuda, cuda:N or auto.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>
    /// Whether to time a full step and each branch's partial step on the device at load (a few seconds) and serve the
    /// latencies in the cost table, so that searches can budget milliseconds. Default true.
    /// </summary>
    public bool MeasureLatency { get; set; } = true;

    /// <summary>Images per forward pass when measuring latency (use the batch size searches will run). Default 64.</summary>
    public int LatencyBatchSize { get; set; } = 64;

    /// <summary>Checks every value (files must exist, the configuration must resolve) and names the first bad one.</summary>
    /// <param name="baseDirectory">The folder relative paths are resolved against.</param>
    /// <exception cref="ArgumentException">A value is invalid; <see cref="ArgumentException.ParamName"/> is the property name.</exception>
    public void Validate(string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(baseDirectory);
        if (string.IsNullOrWhiteSpace(Name) || Name.Any(char.IsWhiteSpace))
            throw Invalid(nameof(Name), $"must be a non-empty name without spaces (got '{Name}')");
        ResolveConfig(baseDirectory);
        if (LatencyBatchSize < 1)
            throw Invalid(nameof(LatencyBatchSize), $"must be ≥ 1 (got {LatencyBatchSize})");
        if (RandomWeights && !string.IsNullOrWhiteSpace(Weights))
            throw Invalid(nameof(Weights), "give either a weights file or RandomWeights = true, not both");
        if (!RandomWeights)
        {
            if (string.IsNullOrWhiteSpace(Weights))
                throw Invalid(nameof(Weights), "give a weights file, or set RandomWeights = true");
            RequireFile(nameof(Weights), Weights, baseDirectory);
        }
        if (string.IsNullOrWhiteSpace(Features))
            throw Invalid(nameof(Features), "give the feature network's weights file");
        RequireFile(nameof(Features), Features, baseDirectory);
        if (string.IsNullOrWhiteSpace(Device))
            throw Invalid(nameof(Device), "give cpu, cuda, cuda:N or auto");
    }

    /// <summary>The U-Net configuration, with a relative JSON file path resolved against <paramref name="baseDirectory"/>.</summary>
    /// <exception cref="ArgumentException">The configuration does not resolve; <see cref="ArgumentException.ParamName"/> is <c>Config</c>.</exception>
    public UNetConfig ResolveConfig(string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(baseDirectory);
        if (string.IsNullOrWhiteSpace(Config))
            throw Invalid(nameof(Config), $"give a shipped name ({string.Join(", ", UNetConfigs.Names)}), a JSON file or inline JSON");
        string text = Config.Trim();
        if (!text.StartsWith('{') && !UNetConfigs.Names.Contains(text) && File.Exists(Path.GetFullPath(text, baseDirectory)))
            text = Path.GetFullPath(text, baseDirectory);
        try
        {
            return UNetConfigs.Resolve(text);
        }
        catch (ArgumentException e)
        {
            throw Invalid(nameof(Config), FieldException.From(e).Reason);
        }
    }

    /// <summary>A path resolved against <paramref name="baseDirectory"/>.</summary>
    public static string Resolve(string path, string baseDirectory) => Path.GetFullPath(path, baseDirectory);

    private static void RequireFile(string field, string path, string baseDirectory)
    {
        string full = Resolve(path, baseDirectory);
        if (!File.Exists(full))
            throw Invalid(field, $"no such file '{full}'");
    }

    private static ArgumentException Invalid(string field, string why) => new($"{field}: {why}", field);
}
