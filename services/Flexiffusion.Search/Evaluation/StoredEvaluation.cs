using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Evaluation;

/// <summary>
/// The one stored form of a candidate's evaluation: the entries of a search snapshot and the values of the
/// candidate cache (Redis) are this record's JSON. What the evaluator measured travels with the score, so a resumed
/// search or a cache hit reports what a fresh evaluation did.
/// </summary>
/// <param name="Candidate">The candidate's canonical text.</param>
/// <param name="Score">Its score (rFID).</param>
public sealed record StoredEvaluation(string Candidate, double Score)
{
    /// <summary>In a snapshot: the generation that first proposed the candidate.</summary>
    public int? Generation { get; init; }

    /// <summary>Kernel inception distance, when measured.</summary>
    public double? Kid { get; init; }

    /// <summary>The evaluation's wall time in milliseconds, when measured.</summary>
    public double? DurationMs { get; init; }

    /// <summary>The evaluator that measured it, when known.</summary>
    public string? EvaluatorId { get; init; }

    /// <summary>Images generated per second, when measured.</summary>
    public double? ImagesPerSecond { get; init; }

    /// <summary>Paired bootstrap replicates of the score, when asked for.</summary>
    public IReadOnlyList<double>? Bootstrap { get; init; }

    /// <summary>The stored form of <paramref name="evaluation"/>.</summary>
    public static StoredEvaluation Of(CandidateEvaluation evaluation, int? generation = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return new StoredEvaluation(evaluation.Candidate.ToString(), evaluation.Score)
        {
            Generation = generation,
            Kid = evaluation.Kid,
            DurationMs = evaluation.Duration?.TotalMilliseconds,
            EvaluatorId = evaluation.EvaluatorId,
            ImagesPerSecond = evaluation.ImagesPerSecond,
            Bootstrap = evaluation.RfidBootstrap.Count == 0 ? null : [.. evaluation.RfidBootstrap],
        };
    }

    /// <summary>The evaluation of <paramref name="candidate"/> (parsed from <see cref="Candidate"/>, or the key it was stored under).</summary>
    public CandidateEvaluation ToEvaluation(Candidate candidate) => new(candidate, Score)
    {
        Duration = DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        EvaluatorId = EvaluatorId,
        Kid = Kid,
        ImagesPerSecond = ImagesPerSecond,
        RfidBootstrap = Bootstrap ?? [],
    };
}
