namespace Flexiffusion.Search.Events;

/// <summary>Something that happened during a search, for progress reporting and persistence.</summary>
/// <param name="Generation">The generation it belongs to.</param>
public abstract record SearchEvent(int Generation);
