using Flexiffusion.Testing;

namespace Flexiffusion.Evaluator.Tests.TestSupport;

/// <summary>A meeting point: each of <paramref name="parties"/> callers of <see cref="ArriveAsync"/> waits until all have arrived.</summary>
internal sealed class Rendezvous(int parties)
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    /// <summary>How many have arrived.</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    public Task ArriveAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _arrived) == parties)
            _all.TrySetResult();
        return _all.Task.WaitAsync(Patience.Limit, cancellationToken);
    }
}
