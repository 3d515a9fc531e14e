using Flexiffusion.Orchestration.Internal;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Orchestration.Specs;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Orchestration.Persistence;

/// <summary>
/// What a store keeps of a search: enough to show it after a restart and to resume it from its last
/// snapshot (the specification, the model it runs on, the state and the engine's snapshot JSON).
/// </summary>
/// <param name="Id">The search's id.</param>
/// <param name="Spec">The specification it was started with.</param>
/// <param name="Model">The model it runs on, with the checksums and costs it started with.</param>
/// <param name="State">Its state when saved.</param>
/// <param name="Created">When it was started.</param>
/// <param name="Updated">When its state last changed.</param>
public sealed record SearchRecord(string Id, SearchSpec Spec, ModelDescription Model, SearchState State, DateTimeOffset Created, DateTimeOffset Updated)
{
    /// <summary>Version of the JSON form; bumped when it changes incompatibly.</summary>
    public const int FormatVersion = 1;

    /// <summary>The engine's snapshot after the last completed generation (<see cref="Search.Evolution.SearchSnapshot.ToJson"/>), when any.</summary>
    public string? Snapshot { get; init; }

    /// <summary>What went wrong, when failed.</summary>
    public string? Error { get; init; }

    /// <summary>Problems that did not stop the search.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Candidates the last run sent to evaluators (kept for a completed search's result).</summary>
    public int Evaluations { get; init; }

    /// <summary>Candidates the last run took from the candidate cache.</summary>
    public int CacheHits { get; init; }

    /// <summary>The JSON form.</summary>
    public string ToJson() => RecordJson.Write(this);

    /// <summary>Reads the JSON form.</summary>
    /// <exception cref="FormatException">The text is not a search record of this version.</exception>
    public static SearchRecord FromJson(string json) => RecordJson.Read(json);
}
