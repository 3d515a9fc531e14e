using System.Text.Json;
using System.Text.Json.Serialization;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Search.Evolution;

/// <summary>
/// The whole state of a search after a generation: which request it belongs to, how many
/// generations are done and every candidate scored. Each generation's random draws derive from the
/// seed and the generation number, so this is all a resumed search needs to continue bit for bit.
/// </summary>
/// <param name="Fingerprint">The request's <see cref="SearchRequest.Fingerprint"/>.</param>
/// <param name="CompletedGenerations">Generations completed (the next one to run).</param>
/// <param name="Evaluated">Every candidate scored, in proposal order.</param>
public sealed record SearchSnapshot(string Fingerprint, int CompletedGenerations, IReadOnlyList<StoredEvaluation> Evaluated)
{
    /// <summary>The finalists' confirmation scores, once the search has confirmed them (then it is complete); empty before.</summary>
    public IReadOnlyList<StoredEvaluation> Confirmed { get; init; } = [];

    /// <summary>Version of the JSON form; bumped when it changes incompatibly.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private sealed record Envelope(int Version, string Fingerprint, int CompletedGenerations, IReadOnlyList<StoredEvaluation> Evaluated,
        IReadOnlyList<StoredEvaluation>? Confirmed = null);

    /// <summary>The JSON form (scores round-trip exactly).</summary>
    public string ToJson() => JsonSerializer.Serialize(new Envelope(FormatVersion, Fingerprint, CompletedGenerations, Evaluated,
        Confirmed.Count == 0 ? null : Confirmed), Json);

    /// <summary>Reads the JSON form.</summary>
    /// <exception cref="FormatException">The text is not a snapshot of this version.</exception>
    public static SearchSnapshot FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(json, Json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a search snapshot: {e.Message}", e);
        }
        if (envelope is null || envelope.Fingerprint is null || envelope.Evaluated is null)
            throw new FormatException("not a search snapshot: fields are missing");
        if (envelope.Evaluated.Concat(envelope.Confirmed ?? []).Any(e => e is null || string.IsNullOrWhiteSpace(e.Candidate)))
            throw new FormatException("not a search snapshot: an evaluated entry has no candidate");
        if (envelope.Version != FormatVersion)
            throw new FormatException($"search snapshot version {envelope.Version} is not supported (expected {FormatVersion})");
        return new SearchSnapshot(envelope.Fingerprint, envelope.CompletedGenerations, envelope.Evaluated) { Confirmed = envelope.Confirmed ?? [] };
    }
}
