using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;
using Proto = Flexiffusion.Contracts.Common.V1.CandidateScore;
using Scored = Flexiffusion.Search.Evolution.ScoredCandidate;

namespace Flexiffusion.Contracts.Mapping;

/// <summary>Scored candidates between the wire (<c>CandidateScore</c>, the one form clients see) and the domain.</summary>
public static class ScoreMapping
{
    /// <summary>A search's scored candidate, with everything the evaluator measured and the generation that found it.</summary>
    public static Proto ToProto(Scored candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var proto = ToProto(candidate.Evaluation, candidate.Cost);
        proto.Generation = candidate.Generation;
        return proto;
    }

    /// <summary>An evaluation with its cost (what an evaluator answers).</summary>
    public static Proto ToProto(CandidateEvaluation evaluation, CandidateCost cost)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(cost);
        var proto = new Proto
        {
            Candidate = evaluation.Candidate.ToString(),
            Rfid = evaluation.Score,
            Macs = cost.Macs,
            MacSpeedup = cost.MacSpeedup,
            Nfe = cost.Nfe,
            WallSeconds = evaluation.Duration?.TotalSeconds ?? 0,
            ImagesPerSecond = evaluation.ImagesPerSecond ?? 0,
            EvaluatorId = evaluation.EvaluatorId ?? "",
        };
        if (evaluation.Kid is { } kid)
            proto.Kid = kid;
        proto.RfidBootstrap.AddRange(evaluation.RfidBootstrap);
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
