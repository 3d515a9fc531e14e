using System.Diagnostics.Metrics;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Search.Events;
using Flexiffusion.ServiceDefaults.Telemetry;

namespace Flexiffusion.Controller.Telemetry;

/// <summary>
/// The controller's meter (<see cref="FlexiffusionMeters.Controller"/>): candidates evaluated and
/// their latency, cache hits and hit ratio, queue depth (candidates waiting or in flight) and
/// searches running.
/// </summary>
public sealed class ControllerMetrics : ISearchEventSink, IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _evaluated;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;
    private long _hits;
    private long _misses;
    private Func<int> _queueDepth = () => 0;
    private Func<int> _running = () => 0;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/>.</summary>
    public ControllerMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(FlexiffusionMeters.Controller);
        _evaluated = _meter.CreateCounter<long>("flexiffusion.controller.candidates.evaluated", "{candidate}", "Candidates scored by evaluators");
        _latency = _meter.CreateHistogram<double>("flexiffusion.controller.evaluation.duration", "s", "Time from sending a candidate to its score");
        _cacheHits = _meter.CreateCounter<long>("flexiffusion.controller.cache.hits", "{candidate}", "Candidates whose score came from the candidate cache");
        _cacheMisses = _meter.CreateCounter<long>("flexiffusion.controller.cache.misses", "{candidate}", "Candidates the candidate cache did not know");
        _meter.CreateObservableGauge("flexiffusion.controller.cache.hit_ratio", HitRatio, null, "Share of candidates taken from the cache since start");
        _meter.CreateObservableGauge("flexiffusion.controller.queue.depth", () => _queueDepth(), "{candidate}", "Candidates waiting for an evaluator or in flight");
        _meter.CreateObservableGauge("flexiffusion.controller.searches.running", () => _running(), "{search}", "Searches running");
    }

    /// <summary>Where the gauges read the queue depth and the running searches.</summary>
    public void Observe(Func<int> queueDepth, Func<int> runningSearches)
    {
        _queueDepth = queueDepth ?? throw new ArgumentNullException(nameof(queueDepth));
        _running = runningSearches ?? throw new ArgumentNullException(nameof(runningSearches));
    }

    /// <summary>Counts one candidate scored by <paramref name="evaluator"/> after <paramref name="latency"/>.</summary>
    public void Evaluated(string evaluator, TimeSpan latency)
    {
        var tag = new KeyValuePair<string, object?>("evaluator", evaluator);
        _evaluated.Add(1, tag);
        _latency.Record(latency.TotalSeconds, tag);
    }

    /// <inheritdoc />
    public void OnEvent(string searchId, SearchEvent searchEvent)
    {
        if (searchEvent is not GenerationStarted started)
            return;
        Interlocked.Add(ref _hits, started.CacheHits);
        Interlocked.Add(ref _misses, started.ToEvaluate);
        _cacheHits.Add(started.CacheHits);
        _cacheMisses.Add(started.ToEvaluate);
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private double HitRatio()
    {
        double hits = Interlocked.Read(ref _hits), total = hits + Interlocked.Read(ref _misses);
        return total == 0 ? 0 : hits / total;
    }
}
