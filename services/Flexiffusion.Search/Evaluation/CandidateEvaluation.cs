using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Evaluation;

/// <summary>An evaluator's verdict on one candidate.</summary>
/// <param name="Candidate">The candidate evaluated.</param>
/// <param name="Score">Its fitness, lower is better (rFID against the teacher); non-finite ranks last.</param>
public sealed record CandidateEvaluation(Candidate Candidate, double Score)
{
    /// <summary>Wall time of the evaluation, when the evaluator measured it.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Which evaluator produced the score, when known.</summary>
    public string? EvaluatorId { get; init; }

    /// <summary>Kernel inception distance to the teacher's features, when measured.</summary>
    public double? Kid { get; init; }

    /// <summary>Images generated per second of wall time, when measured.</summary>
    public double? ImagesPerSecond { get; init; }

    /// <summary>Paired bootstrap replicates of <see cref="Score"/> (see <see cref="EvaluationSettings.Bootstrap"/>); empty when not asked for.</summary>
    public IReadOnlyList<double> RfidBootstrap { get; init; } = [];
}
