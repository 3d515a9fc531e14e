using Flexiffusion.Scoring;
using Proto = Flexiffusion.Contracts.Common.V1;

namespace Flexiffusion.Evaluator.Services;

/// <summary>The scorer's result on the wire.</summary>
internal static class ScoreProto
{
    public static Proto.CandidateScore From(ScoredCandidate score, string evaluatorId)
    {
        var proto = new Proto.CandidateScore
        {
            Candidate = score.Candidate.ToString(),
            Rfid = score.Rfid,
            Kid = score.Kid,
            Macs = score.Macs,
            MacSpeedup = score.MacSpeedup,
            Nfe = score.Nfe,
            WallSeconds = score.WallSeconds,
            ImagesPerSecond = score.ImagesPerSecond,
            EvaluatorId = evaluatorId,
        };
        proto.RfidBootstrap.AddRange(score.RfidBootstrap);
        return proto;
    }
}
