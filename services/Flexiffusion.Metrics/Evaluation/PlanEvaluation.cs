namespace Flexiffusion.Metrics.Evaluation;

/// <summary>The score and cost of one step plan.</summary>
/// <param name="Plan">The plan's text form.</param>
/// <param name="Nfe">Network evaluations per image.</param>
/// <param name="Macs">MACs per image (all positions).</param>
/// <param name="MacSpeedup">MAC speed-up over the teacher.</param>
/// <param name="Rfid">Fréchet distance to the teacher's images from the same noise.</param>
/// <param name="Kid">Unbiased kernel distance to the teacher's images.</param>
/// <param name="Images">Images generated.</param>
/// <param name="SamplingSeconds">Wall time of generation alone.</param>
/// <param name="WallSeconds">Wall time of generation, features and distances.</param>
public sealed record PlanEvaluation(
    string Plan,
    int Nfe,
    long Macs,
    double MacSpeedup,
    double Rfid,
    double Kid,
    int Images,
    double SamplingSeconds,
    double WallSeconds)
{
    /// <summary>Paired bootstrap replicates of <see cref="Rfid"/> (empty unless asked for; see <c>PairedBootstrap</c>).</summary>
    public IReadOnlyList<double> RfidBootstrap { get; init; } = [];

    /// <summary>Images generated per second of sampling.</summary>
    public double ImagesPerSecond => Images / SamplingSeconds;
}
