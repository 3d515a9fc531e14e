namespace Flexiffusion.Diffusion.Macs;

/// <summary>Measured wall time per image of a full step and of a partial step per branch, on one device and batch size.</summary>
/// <param name="Device">The device measured (e.g. <c>cpu</c>, <c>cuda:0</c>).</param>
/// <param name="BatchSize">Images per forward pass.</param>
/// <param name="Repeats">Timed runs per step kind (the median is kept).</param>
/// <param name="FullMs">Milliseconds per image of a full step.</param>
/// <param name="PartialMs">Milliseconds per image of a partial step per branch (index = branch).</param>
public sealed record LatencyReport(string Device, int BatchSize, int Repeats, double FullMs, IReadOnlyList<double> PartialMs)
{
    /// <summary>Measured speed-up of a partial step at <paramref name="branch"/> over a full step.</summary>
    public double PartialSpeedup(int branch) => FullMs / PartialMs[branch];
}
