
namespace Flexiffusion.Diffusion.Models;

/// <summary>The named configurations shipped with Flexiffusion, and resolution of a name, file or JSON.</summary>
public static class UNetConfigs
{
    private const string ResourcePrefix = "Flexiffusion.Diffusion.Configs.";

    /// <summary>Names of the shipped configurations.</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(UNetConfigs).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The DDPM CIFAR-10 reference architecture (35.7M parameters, ~6.05 GMACs per step).</summary>
    public static UNetConfig DdpmCifar10 => Named("ddpm-cifar10");

    /// <summary>The small MNIST configuration used by the reference model.</summary>
    public static UNetConfig Mnist => Named("mnist");

    /// <summary>A shipped configuration by name.</summary>
    /// <exception cref="ArgumentException">No configuration has that name.</exception>
    public static UNetConfig Named(string name)
    {
        using var stream = typeof(UNetConfigs).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".json")
            ?? throw new ArgumentException($"unknown configuration '{name}' (known: {string.Join(", ", Names)})", nameof(name));
        using var reader = new StreamReader(stream);
        return UNetConfig.FromJson(reader.ReadToEnd());
    }

    /// <summary>Resolves a shipped name, inline JSON (starting with '{') or the path of a JSON file.</summary>
    /// <exception cref="ArgumentException">Nothing matches, or the JSON is invalid.</exception>
    public static UNetConfig Resolve(string nameOrJsonOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrJsonOrPath);
        string text = nameOrJsonOrPath.Trim();
        if (text.StartsWith('{'))
            return UNetConfig.FromJson(text);
        if (Names.Contains(text))
            return Named(text);
        if (File.Exists(text))
            return UNetConfig.FromJson(File.ReadAllText(text));
        throw new ArgumentException($"'{text}' is neither a known configuration ({string.Join(", ", Names)}), a JSON file nor inline JSON", nameof(nameOrJsonOrPath));
    }
}
