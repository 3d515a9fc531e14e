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

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxConcurrentSearches < 1)
            throw new ArgumentException($"{nameof(MaxConcurrentSearches)}: must be ≥ 1 (got {MaxConcurrentSearches})", nameof(MaxConcurrentSearches));
        if (WatcherBuffer < 1)
            throw new ArgumentException($"{nameof(WatcherBuffer)}: must be ≥ 1 (got {WatcherBuffer})", nameof(WatcherBuffer));
    }
}
