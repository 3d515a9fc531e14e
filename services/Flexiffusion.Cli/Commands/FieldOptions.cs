using System.Collections.Concurrent;
using System.CommandLine;
using Flexiffusion.Search;

namespace Flexiffusion.Cli.Commands;

/// <summary>
/// Which option sets which request field: every option declares the field paths it sets where it is defined
/// (<see cref="Sets{T}"/>), so a field error from anywhere (the engine, the spec, a controller's BadRequest) becomes a
/// usage error naming the option the user typed.
/// </summary>
public static class FieldOptions
{
    private static readonly ConcurrentDictionary<string, string> OptionByField = new(StringComparer.Ordinal);

    /// <summary>Declares that <paramref name="option"/> sets <paramref name="fields"/> (contract paths such as <c>evolution.population_size</c>).</summary>
    public static T Sets<T>(this T option, params string[] fields) where T : Option
    {
        ArgumentNullException.ThrowIfNull(option);
        ArgumentNullException.ThrowIfNull(fields);
        foreach (string field in fields)
            OptionByField[field] = option.Name;
        return option;
    }

    /// <summary>A field error as a usage error naming the option that set the field (the field itself when no option does).</summary>
    public static UsageException ToUsage(FieldException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new UsageException($"{OptionByField.GetValueOrDefault(error.Field, error.Field)}: {error.Reason}");
    }
}
