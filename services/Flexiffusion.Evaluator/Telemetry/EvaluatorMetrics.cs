using System.Diagnostics.Metrics;
using Flexiffusion.Evaluator.Hosting;
using Flexiffusion.ServiceDefaults.Telemetry;

namespace Flexiffusion.Evaluator.Telemetry;

/// <summary>
/// The evaluator's meter (<see cref="FlexiffusionMeters.Evaluator"/>): candidates answered by outcome,
/// evaluation latency, queue depth, teacher computations and teacher cache hits.
/// </summary>
internal sealed class EvaluatorMetrics
{
    private readonly Counter<long> _candidates;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _teacherComputations;
    private readonly Counter<long> _teacherCacheHits;

    public EvaluatorMetrics(IMeterFactory meterFactory, EvaluatorState state)
    {
        Meter = meterFactory.Create(FlexiffusionMeters.Evaluator);
        _candidates = Meter.CreateCounter<long>("flexiffusion.evaluator.candidates", "{candidate}",
            "Candidates answered, by outcome (ok, invalid_argument, resource_exhausted, cancelled, deadline_exceeded, unavailable, internal)");
        _latency = Meter.CreateHistogram<double>("flexiffusion.evaluator.evaluation.duration", "s",
            "Wall time of a candidate evaluation on the device (queueing excluded)");
        _teacherComputations = Meter.CreateCounter<long>("flexiffusion.evaluator.teacher.computations", "{teacher}",
            "Teacher feature sets generated here (cache misses under the teacher lock)");
        _teacherCacheHits = Meter.CreateCounter<long>("flexiffusion.evaluator.teacher.cache_hits", "{teacher}",
            "Teacher feature sets read from the cache");
        Meter.CreateObservableGauge("flexiffusion.evaluator.queue.depth", () => state.Scorer?.QueueDepth ?? 0, "{job}",
            "Candidates waiting for the device or running on it");
    }

    /// <summary>The meter (one per host, from the host's meter factory).</summary>
    public Meter Meter { get; }

    /// <summary>Counts a candidate answer.</summary>
    public void Answered(string outcome) => _candidates.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Records the device time of an evaluation.</summary>
    public void Evaluated(TimeSpan elapsed) => _latency.Record(elapsed.TotalSeconds);

    /// <summary>Counts a teacher computation.</summary>
    public void TeacherComputed() => _teacherComputations.Add(1);

    /// <summary>Counts a teacher read from the cache.</summary>
    public void TeacherFromCache() => _teacherCacheHits.Add(1);
}
