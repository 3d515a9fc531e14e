namespace Flexiffusion.Orchestration.Searches;

/// <summary>Where a search is in its life.</summary>
public enum SearchState
{
    /// <summary>Accepted, waiting for a free slot (see <see cref="SearchManagerOptions.MaxConcurrentSearches"/>).</summary>
    Pending,

    /// <summary>Running generations.</summary>
    Running,

    /// <summary>Finished with a result.</summary>
    Completed,

    /// <summary>Stopped by an error; it can be resumed from its last snapshot.</summary>
    Failed,

    /// <summary>Stopped by a user; it can be resumed from its last snapshot.</summary>
    Cancelled,
}
