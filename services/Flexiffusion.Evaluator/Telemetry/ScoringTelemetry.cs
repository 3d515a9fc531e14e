using Flexiffusion.Scoring;
using Flexiffusion.Identity;

namespace Flexiffusion.Evaluator.Telemetry;

/// <summary>Turns the scorer's events into structured logs and metrics.</summary>
internal sealed class ScoringTelemetry(EvaluatorMetrics metrics, ILogger<ScoringTelemetry> logger) : IScoringObserver
{
    public void JobStarted(ScoringJob job, TimeSpan queued) =>
        EvaluatorLog.JobStarted(logger, job.Candidate, job.Model.Name, queued.TotalSeconds);

    public void JobFinished(ScoringJob job, TimeSpan elapsed) => metrics.Evaluated(elapsed);

    public void TeacherComputed(EvaluationIdentity identity, TimeSpan elapsed)
    {
        metrics.TeacherComputed();
        EvaluatorLog.TeacherComputed(logger, elapsed.TotalSeconds, identity.Canonical);
    }

    public void TeacherFromCache(EvaluationIdentity identity)
    {
        metrics.TeacherFromCache();
        EvaluatorLog.TeacherFromCache(logger, identity.Canonical);
    }
}
