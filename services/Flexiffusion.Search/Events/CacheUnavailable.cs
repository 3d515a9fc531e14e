namespace Flexiffusion.Search.Events;

/// <summary>The candidate cache failed; the search goes on without it.</summary>
/// <param name="Generation">The generation.</param>
/// <param name="Reason">What went wrong.</param>
public sealed record CacheUnavailable(int Generation, string Reason) : SearchEvent(Generation);
