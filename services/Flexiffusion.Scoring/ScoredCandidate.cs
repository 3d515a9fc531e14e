using Flexiffusion.Search.Space;

namespace Flexiffusion.Scoring;

/// <summary>One candidate's score and cost, as the scorer measured it.</summary>
/// <param name="Candidate">The candidate.</param>
/// <param name="Model">The served model's name.</param>
/// <param name="Rfid">Fréchet distance to the teacher's features from the same noise.</param>
/// <param name="Kid">Unbiased kernel distance to the teacher's features.</param>
/// <param name="Macs">MACs per image of the whole sampling run.</param>
/// <param name="MacSpeedup">MAC speed-up over the teacher.</param>
/// <param name="Nfe">Network evaluations per image.</param>
/// <param name="Images">Images generated.</param>
/// <param name="SamplingSeconds">Wall time of generation alone.</param>
/// <param name="WallSeconds">Wall time of generation, features and distances (the teacher excluded).</param>
public sealed record ScoredCandidate(
    Candidate Candidate,
    string Model,
    double Rfid,
    double Kid,
    double Macs,
    double MacSpeedup,
    int Nfe,
    int Images,
    double SamplingSeconds,
    double WallSeconds)
{
    /// <summary>Paired bootstrap replicates of <see cref="Rfid"/> (empty unless the settings asked for them).</summary>
    public IReadOnlyList<double> RfidBootstrap { get; init; } = [];

    /// <summary>Images generated per second of sampling.</summary>
    public double ImagesPerSecond => SamplingSeconds > 0 ? Images / SamplingSeconds : double.PositiveInfinity;
}
