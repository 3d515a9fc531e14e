namespace Flexiffusion.Evaluator.Tests.TestSupport;

/// <summary>
/// One armed pause of a <see cref="PausingBlobCache"/>: the job it holds waits until <see cref="Release"/>
/// or until its own token is cancelled. Disposing disarms the pause and fails a job still held, so that a
/// failed test leaves no job waiting on the device.
/// </summary>
internal sealed class SamplingPause(Action<SamplingPause> disarm) : IDisposable
{
    private readonly HashSet<string> _missed = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stoppedByItsToken;

    /// <summary>Completes when a job is held just before sampling a teacher.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Whether the held job's own token (its call's cancellation or deadline) ended the hold.</summary>
    public bool StoppedByItsToken => _stoppedByItsToken;

    /// <summary>Lets the held job go on.</summary>
    public void Release() => _released.TrySetResult();

    public void Dispose()
    {
        disarm(this);
        _released.TrySetException(new InvalidOperationException("the test that paused this job has ended"));
    }

    /// <summary>Records a miss of <paramref name="key"/>; true when it was missed before (called under the cache's lock).</summary>
    internal bool MissedBefore(string key) => !_missed.Add(key);

    internal async Task HoldAsync(CancellationToken cancellationToken)
    {
        // A token cancelled already is recorded before anyone sees the job held.
        _stoppedByItsToken = cancellationToken.IsCancellationRequested;
        _reached.TrySetResult();
        try
        {
            await _released.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _stoppedByItsToken = true;
            throw;
        }
    }
}
