using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;
using Proto = Flexiffusion.Contracts.Common.V1.CandidateScore;
using Scored = Flexiffusion.Search.Evolution.ScoredCandidate;

namespace Flexiffusion.Contracts.Mapping;

/// <summary>Scored candidates between the wire (<c>CandidateScore</c>, the one form clients see) and the domain.</summary>
public static class ScoreMapping
{
    /// <summary>A search's scored candidate, with everything the evaluator measured.</summary>
    public static Proto ToProto(Scored candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var proto = new Proto
        {
            Candidate = candidate.Text,
            Rfid = candidate.Score,
            Macs = candidate.Cost.Macs,
            MacSpeedup = candidate.Cost.MacSpeedup,
            Nfe = candidate.Cost.Nfe,
            Generation = candidate.Generation,
        };
        var details = candidate.Evaluation;
        if (details.Kid is { } kid)
            proto.Kid = kid;
        proto.WallSeconds = details.Duration?.TotalSeconds ?? 0;
        proto.ImagesPerSecond = details.ImagesPerSecond ?? 0;
        proto.EvaluatorId = details.EvaluatorId ?? "";
        proto.RfidBootstrap.AddRange(details.RfidBootstrap);
        return proto;
    }

    /// <summary>An evaluator's answer as the search's evaluation of <paramref name="candidate"/>.</summary>
    /// <param name="candidate">The candidate that was sent.</param>
    /// <param name="score">The evaluator's score.</param>
    /// <param name="elapsed">The caller's own measure of the wall time, used when the evaluator reports none.</param>
    /// <param name="evaluatorId">The evaluator's id, used when the score names none.</param>
    public static CandidateEvaluation ToEvaluation(Candidate candidate, Proto score, TimeSpan elapsed, string? evaluatorId)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(score);
        return new CandidateEvaluation(candidate, score.Rfid)
        {
            Duration = score.WallSeconds > 0 ? TimeSpan.FromSeconds(score.WallSeconds) : elapsed,
            EvaluatorId = string.IsNullOrEmpty(score.EvaluatorId) ? evaluatorId : score.EvaluatorId,
            Kid = score.HasKid ? score.Kid : null,
            ImagesPerSecond = score.ImagesPerSecond > 0 ? score.ImagesPerSecond : null,
            RfidBootstrap = [.. score.RfidBootstrap],
        };
    }
}
