using System.Text.Json;
using System.Text.Json.Serialization;
using Flexiffusion.Orchestration.Persistence;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Orchestration.Specs;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Orchestration.Internal;

/// <summary>The JSON form of a <see cref="SearchRecord"/>, through plain transfer types (the cost table is immutable and validated).</summary>
internal static class RecordJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Write(SearchRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var m = record.Model;
        var model = new StoredModel(m.Name, m.Config, m.Checksum, m.ExtractorChecksum, m.Costs.FullMacs, [.. m.Costs.PartialMacs],
            m.Costs.FullLatencyMs, m.Costs.PartialLatencyMs is { } l ? [.. l] : null, m.Numerics);
        var stored = new StoredRecord(SearchRecord.FormatVersion, record.Id, record.Spec, model, record.State, record.Created, record.Updated,
            record.Snapshot, record.Error, record.Warnings, record.Evaluations, record.CacheHits);
        return JsonSerializer.Serialize(stored, Options);
    }

    public static SearchRecord Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        StoredRecord? stored;
        try
        {
            stored = JsonSerializer.Deserialize<StoredRecord>(json, Options);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a search record: {e.Message}", e);
        }
        if (stored is null || stored.Id is null || stored.Spec is null || stored.Model is null)
            throw new FormatException("not a search record: fields are missing");
        if (stored.Version != SearchRecord.FormatVersion)
            throw new FormatException($"search record version {stored.Version} is not supported (expected {SearchRecord.FormatVersion})");
        var m = stored.Model;
        CostTable costs;
        try
        {
            costs = new CostTable(m.FullMacs, m.PartialMacs ?? [], m.FullLatencyMs, m.PartialLatencyMs);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"search record '{stored.Id}' has a bad cost table: {e.Message}", e);
        }
        return new SearchRecord(stored.Id, stored.Spec, new ModelDescription(m.Name ?? "", m.Config ?? "", m.Checksum ?? "", m.ExtractorChecksum ?? "", costs, m.Numerics ?? ""),
            stored.State, stored.Created, stored.Updated)
        {
            Snapshot = stored.Snapshot,
            Error = stored.Error,
            Warnings = stored.Warnings ?? [],
            Evaluations = stored.Evaluations,
            CacheHits = stored.CacheHits,
        };
    }

    private sealed record StoredModel(string? Name, string? Config, string? Checksum, string? ExtractorChecksum,
        double FullMacs, IReadOnlyList<double>? PartialMacs, double? FullLatencyMs, IReadOnlyList<double>? PartialLatencyMs, string? Numerics);

    private sealed record StoredRecord(int Version, string? Id, SearchSpec? Spec, StoredModel? Model, SearchState State,
        DateTimeOffset Created, DateTimeOffset Updated, string? Snapshot, string? Error, IReadOnlyList<string>? Warnings, int Evaluations, int CacheHits);
}
