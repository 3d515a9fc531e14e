using System.Collections.Concurrent;

namespace Flexiffusion.Metrics.Caching;

/// <summary>An in-process <see cref="IBlobCache"/>.</summary>
public sealed class MemoryBlobCache : IBlobCache
{
    private readonly ConcurrentDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Count;

    /// <inheritdoc />
    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_entries.TryGetValue(key, out var value) ? value : null);

    /// <inheritdoc />
    public ValueTask SetAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        _entries[key] = value;
        return ValueTask.CompletedTask;
    }
}
