using Flexiffusion.Orchestration.Persistence;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Orchestration.Specs;
using Flexiffusion.Orchestration.Tests.TestSupport;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Orchestration.Tests.Persistence;

public sealed class SearchRecordTests
{
    [Fact]
    public void FromJson_WhatToJsonWrote_RoundTripsEveryField()
    {
        var model = new ModelDescription("m", "cfg", "sha256:a", "sha256:b", new CostTable(6.05e9, [1e9, 2.5e9], 12.5, [2, 4.25]));
        var spec = Synthetic.Spec(seed: ulong.MaxValue) with
        {
            Space = new SpaceSettings { SegmentCounts = [2, 3], Branches = [1], MinInterval = 2, MaxInterval = 5, UnequalSegments = true, MinSegmentLength = 2, MaxSegmentLength = 8 },
            Budget = new BudgetSettings { MaxCost = 40, Metric = CostMetric.Latency },
            Evolution = new EvolutionOptions { Objective = SearchObjective.Pareto, Seeding = ScheduleSeeding.StepReduction | ScheduleSeeding.DeepCacheUniform, MutationProbability = 0.3 },
            Evaluation = new EvaluationSettings { Model = "m", Sampler = "plms", Eta = 0.5, TeacherSteps = 12, NoiseSeed = -3, Nulls = "reuse" },
        };
        var created = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var record = new SearchRecord("id-1", spec, model, SearchState.Failed, created, created.AddMinutes(5))
        {
            Snapshot = "{\"version\":1}",
            Error = "boom",
            Warnings = ["w1", "w2"],
            Evaluations = 17,
            CacheHits = 3,
        };

        var back = SearchRecord.FromJson(record.ToJson());

        Assert.Equal(record.Id, back.Id);
        Assert.Equal(record.State, back.State);
        Assert.Equal(record.Created, back.Created);
        Assert.Equal(record.Updated, back.Updated);
        Assert.Equal(record.Snapshot, back.Snapshot);
        Assert.Equal(record.Error, back.Error);
        Assert.Equal(record.Warnings, back.Warnings);
        Assert.Equal((17, 3), (back.Evaluations, back.CacheHits));
        Assert.Equal(model, back.Model);
        Assert.Equal(spec.Space.SegmentCounts, back.Spec.Space.SegmentCounts);
        Assert.Equal(spec.Space with { SegmentCounts = [], Branches = [] }, back.Spec.Space with { SegmentCounts = [], Branches = [] });
        Assert.Equal(spec.Budget, back.Spec.Budget);
        Assert.Equal(spec.Evolution, back.Spec.Evolution);
        Assert.Equal(spec.Evaluation, back.Spec.Evaluation);
        Assert.Equal(spec.Seed, back.Spec.Seed);
        Assert.Equal(spec.ToRequest(model).Fingerprint(), back.Spec.ToRequest(back.Model).Fingerprint());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"version\":2,\"id\":\"x\",\"spec\":{},\"model\":{\"fullMacs\":1,\"partialMacs\":[1]}}")]
    [InlineData("{\"version\":1,\"id\":\"x\",\"spec\":{},\"model\":{\"fullMacs\":-1,\"partialMacs\":[1]}}")]
    public void FromJson_NotARecord_ThrowsFormatException(string json)
    {
        Assert.Throws<FormatException>(() => SearchRecord.FromJson(json));
    }
}
