namespace Flexiffusion.Controller.Hosting;

/// <summary>
/// The per-evaluator circuit breaker: when too many of its calls fail it is taken out of the pool,
/// its in-flight candidates go elsewhere, and it rejoins once its health check says SERVING again.
/// </summary>
public sealed class CircuitBreakerSettings
{
    /// <summary>Share of failed calls in the sampling window that opens the circuit. Default 0.5.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls in the window before the ratio counts. Default 4.</summary>
    public int MinimumThroughput { get; set; } = 4;

    /// <summary>The sampling window. Default 30 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit stays open at least (it closes early when the evaluator reconnects healthy). Default 30 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
