namespace Flexiffusion.Orchestration.Searches;

/// <summary>The search's current status: the first item of every watch, and on every state change or new warning.</summary>
/// <param name="Status">The status.</param>
public sealed record StateUpdate(SearchStatus Status) : SearchUpdate;
