using System.Text.Encodings.Web;
using System.Text.Json;

namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>The JSON form of the baselines files: snake_case names, nulls kept, missing fields rejected.</summary>
public static class BaselineJson
{
    /// <summary>One line per object (the journal).</summary>
    public static JsonSerializerOptions Line { get; } = Create(indented: false);

    /// <summary>Indented (the fronts).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = indented,
        // The files are read by people and tools, never embedded in HTML: keep '+', '≥' and the like as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };
}
