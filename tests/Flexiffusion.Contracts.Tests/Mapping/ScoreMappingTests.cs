using Flexiffusion.Contracts.Mapping;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Contracts.Tests.Mapping;

public sealed class ScoreMappingTests
{
    private static readonly Candidate Candidate = Candidate.Parse("2: 0:5x2", 10);

    [Fact]
    public void ToProtoThenToEvaluation_KeepsEveryDetailTheEvaluatorMeasured()
    {
        var evaluation = new CandidateEvaluation(Candidate, 1.5)
        {
            Kid = 0.25, Duration = TimeSpan.FromSeconds(3), EvaluatorId = "eval-a", ImagesPerSecond = 40, RfidBootstrap = [1.4, 1.6],
        };
        var scored = new ScoredCandidate(evaluation, new CandidateCost(200, 1000, 2, null, null), 3);

        var proto = ScoreMapping.ToProto(scored);
        var back = ScoreMapping.ToEvaluation(Candidate, proto, TimeSpan.FromSeconds(99), "fallback");

        Assert.Equal(("2: 0:5x2", 1.5, 200.0, 5.0, 2, 3), (proto.Candidate, proto.Rfid, proto.Macs, proto.MacSpeedup, proto.Nfe, proto.Generation));
        Assert.Equal(evaluation, back with { RfidBootstrap = evaluation.RfidBootstrap });
        Assert.Equal(evaluation.RfidBootstrap, back.RfidBootstrap);
    }

    [Fact]
    public void ToEvaluation_NoKidNoTimeNoId_TakesTheCallersMeasures()
    {
        var back = ScoreMapping.ToEvaluation(Candidate, new Common.V1.CandidateScore { Candidate = "2: 0:5x2", Rfid = 2 }, TimeSpan.FromSeconds(7), "eval-b");

        Assert.Null(back.Kid);
        Assert.Equal(TimeSpan.FromSeconds(7), back.Duration);
        Assert.Equal("eval-b", back.EvaluatorId);
        Assert.Null(back.ImagesPerSecond);
    }
}
