using Flexiffusion.Orchestration.Specs;

namespace Flexiffusion.Orchestration.Searches;

/// <summary>Settings of a <see cref="SearchManager"/>.</summary>
public sealed record SearchManagerOptions
{
    /// <summary>Searches that run at once; later ones wait as pending. Default 2.</summary>
    public int MaxConcurrentSearches { get; init; } = 2;

    /// <summary>
    /// Progress items a watcher may have unread before newer ones are dropped for it (state,
    /// generation and result items are never dropped). Default 1024.
    /// </summary>
    public int WatcherBuffer { get; init; } = 1024;

    /// <summary>Searches that may wait for a slot; one more is refused (RESOURCE_EXHAUSTED). Default 100.</summary>
    public int MaxPendingSearches { get; init; } = 100;

    /// <summary>Watchers one search may have at once. Default 64.</summary>
    public int MaxWatchers { get; init; } = 64;

    /// <summary>Finished searches kept (in memory and in the store); older ones are deleted as new ones finish. Default 1,000.</summary>
    public int MaxFinishedSearches { get; init; } = 1000;

    /// <summary>Upper bounds on the sizes a request can set.</summary>
    public RequestLimits Limits { get; init; } = new();

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxConcurrentSearches < 1)
            throw new ArgumentException($"{nameof(MaxConcurrentSearches)}: must be ≥ 1 (got {MaxConcurrentSearches})", nameof(MaxConcurrentSearches));
        if (WatcherBuffer < 1)
            throw new ArgumentException($"{nameof(WatcherBuffer)}: must be ≥ 1 (got {WatcherBuffer})", nameof(WatcherBuffer));
        if (MaxPendingSearches < 0)
            throw new ArgumentException($"{nameof(MaxPendingSearches)}: must be ≥ 0 (got {MaxPendingSearches})", nameof(MaxPendingSearches));
        if (MaxWatchers < 1)
            throw new ArgumentException($"{nameof(MaxWatchers)}: must be ≥ 1 (got {MaxWatchers})", nameof(MaxWatchers));
        if (MaxFinishedSearches < 1)
            throw new ArgumentException($"{nameof(MaxFinishedSearches)}: must be ≥ 1 (got {MaxFinishedSearches})", nameof(MaxFinishedSearches));
        ArgumentNullException.ThrowIfNull(Limits);
        Limits.Validate();
    }
}
