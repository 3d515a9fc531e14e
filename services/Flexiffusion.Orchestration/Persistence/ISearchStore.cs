namespace Flexiffusion.Orchestration.Persistence;

/// <summary>
/// Keeps search records across restarts. The manager saves a record on every state change and after
/// every generation; a failing store is logged and never fails a search.
/// </summary>
public interface ISearchStore
{
    /// <summary>Saves (replaces) the record of <see cref="SearchRecord.Id"/>.</summary>
    ValueTask SaveAsync(SearchRecord record, CancellationToken cancellationToken);

    /// <summary>Removes the record of <paramref name="id"/> (nothing when there is none).</summary>
    ValueTask DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every stored record.</summary>
    ValueTask<IReadOnlyList<SearchRecord>> ListAsync(CancellationToken cancellationToken);
}
