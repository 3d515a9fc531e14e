using System.CommandLine;
using Flexiffusion.Diffusion.Models;

namespace Flexiffusion.Cli.Commands;

/// <summary>The shared <c>--config</c> option: a shipped name, a JSON file or inline JSON.</summary>
public static class ConfigOption
{
    /// <summary>Creates the option with a default configuration name.</summary>
    public static Option<string> Create(string defaultName) => new("--config")
    {
        Description = $"U-Net configuration: a shipped name ({string.Join(", ", UNetConfigs.Names)}), a JSON file or inline JSON",
        DefaultValueFactory = _ => defaultName,
    };

    /// <summary>Resolves the option's value, turning a bad value into a usage error.</summary>
    public static UNetConfig Resolve(string value)
    {
        try
        {
            return UNetConfigs.Resolve(value);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--config: {e.Message}");
        }
    }
}
