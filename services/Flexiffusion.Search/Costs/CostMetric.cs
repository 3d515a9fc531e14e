namespace Flexiffusion.Search.Costs;

/// <summary>What a compute budget and the speed-up are measured in.</summary>
public enum CostMetric
{
    /// <summary>Multiply–accumulate operations (device independent; the paper's measure).</summary>
    Macs,

    /// <summary>Predicted latency from per-step timings measured on the target device (beyond the paper).</summary>
    Latency,
}
