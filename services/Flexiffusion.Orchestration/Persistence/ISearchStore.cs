namespace Flexiffusion.Orchestration.Persistence;

/// <summary>
/// Keeps search records across restarts. The manager saves a record on every state change and after
/// every generation; a failing store is logged and never fails a search. A store shared by several
/// controllers writes a record only for the holder of its lease (<see cref="ISearchLeases"/>) and
/// throws <see cref="SearchLeaseLostException"/> otherwise; records never expire by themselves.
/// </summary>
public interface ISearchStore
{
    /// <summary>Saves (replaces) the record of <see cref="SearchRecord.Id"/>.</summary>
    /// <exception cref="SearchLeaseLostException">Another process holds the search's lease.</exception>
    ValueTask SaveAsync(SearchRecord record, CancellationToken cancellationToken);

    /// <summary>Removes the record of <paramref name="id"/> (nothing when there is none).</summary>
    /// <exception cref="SearchLeaseLostException">Another process holds the search's lease.</exception>
    ValueTask DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every stored record.</summary>
    ValueTask<IReadOnlyList<SearchRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The stored record of <paramref name="id"/>, when any (by default from <see cref="ListAsync"/>).</summary>
    async ValueTask<SearchRecord?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Id == id);
}
