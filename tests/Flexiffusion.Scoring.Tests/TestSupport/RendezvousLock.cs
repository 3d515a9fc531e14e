using Flexiffusion.Scoring.Teachers;
using Flexiffusion.Testing;

namespace Flexiffusion.Scoring.Tests.TestSupport;

/// <summary>
/// Holds every caller of <see cref="AcquireAsync"/> until <paramref name="parties"/> have arrived, then
/// delegates to the inner lock: proves that every scorer missed the cache before any computed.
/// </summary>
internal sealed class RendezvousLock(ITeacherLock inner, int parties) : ITeacherLock
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public int Acquisitions => Volatile.Read(ref _arrived);

    public async ValueTask<IAsyncDisposable?> AcquireAsync(string name, Func<CancellationToken, ValueTask<bool>> finished, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _arrived) == parties)
            _all.TrySetResult();
        await _all.Task.WaitAsync(Patience.Limit, cancellationToken);
        return await inner.AcquireAsync(name, finished, cancellationToken);
    }
}
