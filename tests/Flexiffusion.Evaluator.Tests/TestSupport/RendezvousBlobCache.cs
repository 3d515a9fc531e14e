using Flexiffusion.Metrics.Caching;

namespace Flexiffusion.Evaluator.Tests.TestSupport;

/// <summary>
/// A host's teacher cache that, on the host's first miss, waits at a <see cref="Rendezvous"/> shared with
/// other hosts: every host has found the teacher missing before any goes on to compute it, so only the
/// teacher lock can keep them from all computing it.
/// </summary>
internal sealed class RendezvousBlobCache(IBlobCache inner, Rendezvous rendezvous) : IBlobCache
{
    private int _missed;

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var value = await inner.GetAsync(key, cancellationToken);
        if (value is null && Interlocked.Exchange(ref _missed, 1) == 0)
            await rendezvous.ArriveAsync(cancellationToken);
        return value;
    }

    public ValueTask SetAsync(string key, byte[] value, CancellationToken cancellationToken = default) => inner.SetAsync(key, value, cancellationToken);
}
