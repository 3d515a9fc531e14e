using System.Collections.Concurrent;

namespace Flexiffusion.Orchestration.Persistence;

/// <summary>
/// An in-process <see cref="ISearchStore"/> (the default). It keeps each record's JSON form, so a new
/// manager over the same store sees exactly what it would read back from a remote store.
/// </summary>
public sealed class InMemorySearchStore : ISearchStore
{
    private readonly ConcurrentDictionary<string, string> _records = new(StringComparer.Ordinal);

    /// <summary>The stored record of a search, when any.</summary>
    public SearchRecord? Get(string id) => _records.TryGetValue(id, out string? json) ? SearchRecord.FromJson(json) : null;

    /// <inheritdoc />
    public ValueTask SaveAsync(SearchRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        _records[record.Id] = record.ToJson();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
    {
        _records.TryRemove(id, out _);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<SearchRecord?> GetAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult(Get(id));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SearchRecord>> ListAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<SearchRecord>>([.. _records.Values.Select(SearchRecord.FromJson)]);
}
