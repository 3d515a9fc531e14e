using Flexiffusion.Metrics.Caching;

namespace Flexiffusion.Evaluator.Tests.TestSupport;

/// <summary>
/// The evaluator's teacher cache, in memory, able to hold the next job that is about to sample a
/// teacher. A scorer reads a missing teacher twice: before taking the teacher lock, and under it right
/// before it generates the images; once armed with <see cref="PauseNextSampling"/>, that second miss
/// waits until the pause is released or the job's token is cancelled.
/// </summary>
internal sealed class PausingBlobCache : IBlobCache
{
    private readonly MemoryBlobCache _inner = new();
    private readonly Lock _lock = new();
    private SamplingPause? _armed;

    /// <summary>Entries stored.</summary>
    public int Count => _inner.Count;

    /// <summary>Holds the next job that is about to sample a teacher; disposing the pause disarms and releases it.</summary>
    public SamplingPause PauseNextSampling()
    {
        var pause = new SamplingPause(Disarm);
        lock (_lock)
            _armed = pause;
        return pause;
    }

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var value = await _inner.GetAsync(key, cancellationToken);
        if (value is null)
        {
            SamplingPause? hold = null;
            lock (_lock)
            {
                if (_armed is not null && _armed.MissedBefore(key))
                    (hold, _armed) = (_armed, null);
            }
            if (hold is not null)
                await hold.HoldAsync(cancellationToken);
        }
        return value;
    }

    public ValueTask SetAsync(string key, byte[] value, CancellationToken cancellationToken = default) => _inner.SetAsync(key, value, cancellationToken);

    private void Disarm(SamplingPause pause)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_armed, pause))
                _armed = null;
        }
    }
}
