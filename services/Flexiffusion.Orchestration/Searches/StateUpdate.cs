namespace Flexiffusion.Orchestration.Searches;

/// <summary>The search's current status: the first item of every watch, and on every state change, new warning, or start or end of a wait for an evaluator.</summary>
/// <param name="Status">The status.</param>
public sealed record StateUpdate(SearchStatus Status) : SearchUpdate;
