using Flexiffusion.Metrics.Caching;

namespace Flexiffusion.Evaluator.Tests.TestSupport;

/// <summary>An in-memory cache whose reads wait until <see cref="Open"/>: holds a host in its loading phase.</summary>
internal sealed class GatedBlobCache : IBlobCache
{
    private readonly MemoryBlobCache _inner = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _gate.TrySetResult();

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await _gate.Task.WaitAsync(cancellationToken);
        return await _inner.GetAsync(key, cancellationToken);
    }

    public ValueTask SetAsync(string key, byte[] value, CancellationToken cancellationToken = default) => _inner.SetAsync(key, value, cancellationToken);
}
