using System.Collections.Concurrent;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Testing;

namespace Flexiffusion.Scoring.Tests.TestSupport;

/// <summary>
/// An in-memory cache that holds the first scorer about to sample a teacher. A scorer reads a missing
/// teacher twice: once before taking the teacher lock and once under it, right before it generates the
/// images. That second miss signals <see cref="Reached"/> and waits for <see cref="Release"/>; it ignores
/// cancellation, so a token cancelled meanwhile must be noticed by the sampling itself.
/// </summary>
internal sealed class PausingBlobCache : IBlobCache
{
    private readonly MemoryBlobCache _inner = new();
    private readonly ConcurrentDictionary<string, int> _misses = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Entries stored.</summary>
    public int Count => _inner.Count;

    /// <summary>Completes when a scorer is held just before sampling a teacher.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Lets the held scorer go on.</summary>
    public void Release() => _released.TrySetResult();

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var value = await _inner.GetAsync(key, cancellationToken);
        if (value is null && _misses.AddOrUpdate(key, 1, (_, n) => n + 1) == 2 && _reached.TrySetResult())
            await _released.Task.WaitAsync(Patience.Limit, CancellationToken.None);
        return value;
    }

    public ValueTask SetAsync(string key, byte[] value, CancellationToken cancellationToken = default) => _inner.SetAsync(key, value, cancellationToken);
}
