using Flexiffusion.Identity;

namespace Flexiffusion.Scoring;

/// <summary>Hears what a <see cref="CandidateScorer"/> does, for logs and metrics. Calls come from the scoring thread; keep them quick.</summary>
public interface IScoringObserver
{
    /// <summary>A job got the device and starts (after <paramref name="queued"/> in the queue).</summary>
    void JobStarted(ScoringJob job, TimeSpan queued);

    /// <summary>A job left the device, scored or not, after <paramref name="elapsed"/> on it.</summary>
    void JobFinished(ScoringJob job, TimeSpan elapsed);

    /// <summary>The teacher's features were generated for <paramref name="identity"/> (and stored in the cache).</summary>
    void TeacherComputed(EvaluationIdentity identity, TimeSpan elapsed);

    /// <summary>The teacher's features were read from the cache.</summary>
    void TeacherFromCache(EvaluationIdentity identity);
}
