namespace Flexiffusion.Search.Costs;

/// <summary>The cost of one candidate per image, next to the teacher's.</summary>
/// <param name="Macs">MACs of the whole sampling run: <c>N_seg·M_full + Σ (k_s − 1)·M_partial(b_s)</c>.</param>
/// <param name="TeacherMacs">MACs of the teacher, <c>T·M_full</c>.</param>
/// <param name="Nfe">Network evaluations, <c>Σ k_s</c>.</param>
/// <param name="LatencyMs">Predicted milliseconds per image, when the cost table has latencies.</param>
/// <param name="TeacherLatencyMs">The teacher's predicted milliseconds per image, when known.</param>
public sealed record CandidateCost(double Macs, double TeacherMacs, int Nfe, double? LatencyMs, double? TeacherLatencyMs)
{
    /// <summary>MAC speed-up over the teacher, <c>T·M_full / MACs</c>.</summary>
    public double MacSpeedup => TeacherMacs / Macs;

    /// <summary>Predicted latency speed-up over the teacher, when latencies are known.</summary>
    public double? LatencySpeedup => LatencyMs is { } l && TeacherLatencyMs is { } t ? t / l : null;

    /// <summary>The cost in the given metric.</summary>
    /// <exception cref="InvalidOperationException">Latency was asked for but the cost table has none.</exception>
    public double In(CostMetric metric) => metric == CostMetric.Macs
        ? Macs
        : LatencyMs ?? throw new InvalidOperationException("the cost table has no latencies");

    /// <summary>The teacher's cost in the given metric.</summary>
    public double TeacherIn(CostMetric metric) => metric == CostMetric.Macs
        ? TeacherMacs
        : TeacherLatencyMs ?? throw new InvalidOperationException("the cost table has no latencies");
}
