using Flexiffusion.Scoring.Embedded;
using Flexiffusion.Scoring.Tests.TestSupport;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Scoring.Tests.Embedded;

public sealed class InProcessEvaluationBackendTests
{
    [Fact]
    public async Task ModelsAsync_ReturnsTheCatalogDescriptions()
    {
        using var catalog = TinyModel.Catalog(TinyModel.Options("a"), TinyModel.Options("b", initSeed: 5));
        using var scorer = TinyModel.Scorer(catalog);
        var backend = new InProcessEvaluationBackend(scorer);

        var models = await backend.ModelsAsync(CancellationToken.None);

        Assert.Equal(catalog.Descriptions, models);
    }

    [Fact]
    public async Task CreateEvaluator_Batch_YieldsOneMeasuredResultPerCandidateInOrder()
    {
        using var catalog = TinyModel.Catalog();
        using var scorer = TinyModel.Scorer(catalog);
        var backend = new InProcessEvaluationBackend(scorer, "embedded-1");
        var model = (await backend.ModelsAsync(CancellationToken.None))[0];
        Candidate[] batch = [Candidate.Parse("10: Fx10", 10), Candidate.Parse("2: 0:5x2", 10), Candidate.Parse("5: Fx5", 10)];

        var results = new List<CandidateEvaluation>();
        await foreach (var result in backend.CreateEvaluator(TinyModel.Settings(), model).EvaluateAsync(batch, CancellationToken.None))
            results.Add(result);

        Assert.Equal(batch, results.Select(r => r.Candidate));
        Assert.InRange(results[0].Score, 0, 1e-6);
        Assert.All(results.Skip(1), r => Assert.True(r.Score > 1e-3));
        Assert.All(results, r =>
        {
            Assert.Equal("embedded-1", r.EvaluatorId);
            Assert.NotNull(r.Kid);
            Assert.True(r.Duration > TimeSpan.Zero && r.ImagesPerSecond > 0);
        });
        Assert.Equal(1, scorer.TeacherComputations);
    }

    [Fact]
    public async Task CreateEvaluator_ModelWithOtherWeights_ThrowsNamingModel()
    {
        using var catalog = TinyModel.Catalog();
        using var scorer = TinyModel.Scorer(catalog);
        var backend = new InProcessEvaluationBackend(scorer);
        var model = (await backend.ModelsAsync(CancellationToken.None))[0];

        var error = Assert.ThrowsAny<ArgumentException>(() => backend.CreateEvaluator(TinyModel.Settings(), model with { Checksum = "sha256:other" }));
        var otherName = Assert.ThrowsAny<ArgumentException>(() => backend.CreateEvaluator(TinyModel.Settings() with { Model = "x" }, model));
        var badSettings = Assert.ThrowsAny<ArgumentException>(() => backend.CreateEvaluator(TinyModel.Settings() with { Images = 0 }, model));

        Assert.Equal("model", error.ParamName);
        Assert.Equal("settings.model", otherName.ParamName);
        Assert.Equal("settings.images", badSettings.ParamName);
    }

    [Fact]
    public async Task EvaluateAsync_BranchBeyondTheModel_FailsBeforeSampling()
    {
        using var catalog = TinyModel.Catalog();
        var observer = new RecordingObserver();
        using var scorer = TinyModel.Scorer(catalog, observer: observer);
        var backend = new InProcessEvaluationBackend(scorer);
        var model = (await backend.ModelsAsync(CancellationToken.None))[0];
        Candidate[] batch = [Candidate.Parse("5: Fx5", 10), Candidate.Parse($"2: {model.BranchCount}:5x2", 10)];

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(async () =>
        {
            await foreach (var _ in backend.CreateEvaluator(TinyModel.Settings(), model).EvaluateAsync(batch, CancellationToken.None))
            {
            }
        });

        Assert.Equal("candidate", error.ParamName);
        Assert.Empty(observer.Events);
    }
}
