using System.Collections.Concurrent;
using Flexiffusion.Identity;

namespace Flexiffusion.Scoring.Tests.TestSupport;

/// <summary>Counts jobs on the device at once (to detect overlap) and records teacher events.</summary>
internal sealed class RecordingObserver : IScoringObserver
{
    private readonly TaskCompletionSource _firstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private int _maxRunning;

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    public ConcurrentQueue<string> Events { get; } = new();

    /// <summary>Completes when the first job got the device.</summary>
    public Task FirstStarted => _firstStarted.Task;

    public void JobStarted(ScoringJob job, TimeSpan queued)
    {
        int now = Interlocked.Increment(ref _running);
        int max;
        while (now > (max = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, now, max) != max)
        {
        }
        Events.Enqueue("start " + job.Candidate);
        _firstStarted.TrySetResult();
    }

    public void JobFinished(ScoringJob job, TimeSpan elapsed)
    {
        Interlocked.Decrement(ref _running);
        Events.Enqueue("finish " + job.Candidate);
    }

    public void TeacherComputed(EvaluationIdentity identity, TimeSpan elapsed) => Events.Enqueue("teacher computed");

    public void TeacherFromCache(EvaluationIdentity identity) => Events.Enqueue("teacher cached");
}
