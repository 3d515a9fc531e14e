using Flexiffusion.Scoring.Tests.TestSupport;
using Flexiffusion.Scoring.Teachers;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Search.Space;
using Flexiffusion.Testing;

namespace Flexiffusion.Scoring.Tests;

public sealed class CandidateScorerTests
{
    [Fact]
    public async Task ScoreAsync_TeacherCandidate_RfidIsZeroAtFullCost()
    {
        using var catalog = TinyModel.Catalog();
        using var scorer = TinyModel.Scorer(catalog);

        var job = scorer.Prepare("10: Fx10", TinyModel.Settings());
        var score = await scorer.ScoreAsync(job);

        Assert.InRange(score.Score, 0, 1e-6);
        Assert.Equal((10, 1.0), (job.Cost.Nfe, job.Cost.MacSpeedup));
        Assert.Equal(10.0 * catalog.Models[0].Macs.Full, job.Cost.Macs);
        Assert.Equal("tiny", job.Model.Name);
        Assert.True(score.Duration > TimeSpan.Zero && score.ImagesPerSecond > 0);
        Assert.NotNull(score.Kid);
    }

    [Fact]
    public async Task ScoreAsync_FixedReference_ScoresAgainstTheReferenceSamplersTeacher()
    {
        using var catalog = TinyModel.Catalog();
        using var scorer = TinyModel.Scorer(catalog);
        var ddim = TinyModel.Settings();
        var plmsAgainstDdim = ddim with { Sampler = "plms", Reference = "ddim" };
        var ddimAgainstPlms = ddim with { Reference = "plms" };

        var ownTeacher = await scorer.ScoreAsync("10: Fx10", ddim with { Sampler = "plms" });
        var plmsTeacherAgainstDdim = await scorer.ScoreAsync("10: Fx10", plmsAgainstDdim);
        var ddimTeacherAgainstPlms = await scorer.ScoreAsync("10: Fx10", ddimAgainstPlms);
        var sameSampler = await scorer.ScoreAsync("5: Fx5", ddim with { Reference = "ddim" });
        var plain = await scorer.ScoreAsync("5: Fx5", ddim);

        Assert.InRange(ownTeacher.Score, 0, 1e-6);
        Assert.True(plmsTeacherAgainstDdim.Score > 1e-4, $"rFID {plmsTeacherAgainstDdim.Score}");
        // The same two image sets either way round: the Fréchet distance is symmetric (up to the matrix roots' rounding).
        Assert.Equal(plmsTeacherAgainstDdim.Score, ddimTeacherAgainstPlms.Score, 1e-5 * plmsTeacherAgainstDdim.Score);
        // A reference equal to the sampler is the paper's teacher: the same identity and score.
        Assert.Equal(plain.Score, sameSampler.Score);
        Assert.Equal(ddim.Identity(catalog.Models[0].Description), (ddim with { Reference = "ddim" }).Identity(catalog.Models[0].Description));
        Assert.EndsWith(";reference=ddim(eta=0)", plmsAgainstDdim.Identity(catalog.Models[0].Description).Canonical, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_UnknownReference_NamesSettingsReference()
    {
        using var catalog = TinyModel.Catalog();
        using var scorer = TinyModel.Scorer(catalog);

        var error = Assert.ThrowsAny<ArgumentException>(() => scorer.Prepare("5: Fx5", TinyModel.Settings() with { Reference = "euler" }));

        Assert.Equal("settings.reference", error.ParamName);
        Assert.StartsWith("settings.reference: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_CheaperCandidates_PositiveRfidAndExpectedCosts()
    {
        using var catalog = TinyModel.Catalog();
        using var scorer = TinyModel.Scorer(catalog);
        var macs = catalog.Models[0].Macs;

        var deepCacheJob = scorer.Prepare("2: 0:5x2", TinyModel.Settings());
        var ddimJob = scorer.Prepare("5: Fx5", TinyModel.Settings());
        var deepCache = await scorer.ScoreAsync(deepCacheJob);
        var ddim = await scorer.ScoreAsync(ddimJob);

        Assert.True(deepCache.Score > 1e-3, $"rFID {deepCache.Score}");
        Assert.True(ddim.Score > 1e-3, $"rFID {ddim.Score}");
        Assert.Equal(2.0 * macs.Full + 8.0 * macs.Partial[0], deepCacheJob.Cost.Macs);
        Assert.Equal(10, deepCacheJob.Cost.Nfe);
        Assert.True(deepCacheJob.Cost.MacSpeedup > 1.5, $"speed-up {deepCacheJob.Cost.MacSpeedup}");
        Assert.Equal((5, 2.0), (ddimJob.Cost.Nfe, ddimJob.Cost.MacSpeedup));
    }

    [Fact]
    public async Task ScoreAsync_SameSettings_BitIdenticalAgainAndOnFreshScorers()
    {
        var cache = new MemoryBlobCache();
        using var catalog = TinyModel.Catalog();
        using var scorer = TinyModel.Scorer(catalog, cache);
        using var freshCatalog = TinyModel.Catalog();
        using var sharingCache = TinyModel.Scorer(freshCatalog, cache);
        using var ownCache = TinyModel.Scorer(freshCatalog);

        var first = await scorer.ScoreAsync("2: 1:3x2", TinyModel.Settings());
        var again = await scorer.ScoreAsync("2: 1:3x2", TinyModel.Settings());
        var fromCache = await sharingCache.ScoreAsync("2: 1:3x2", TinyModel.Settings());
        var recomputed = await ownCache.ScoreAsync("2: 1:3x2", TinyModel.Settings());

        foreach (var other in new[] { again, fromCache, recomputed })
            Assert.Equal((first.Score, first.Kid), (other.Score, other.Kid));
        Assert.Equal((1, 0), (scorer.TeacherComputations, scorer.TeacherCacheHits));
        Assert.Equal((0, 1), (sharingCache.TeacherComputations, sharingCache.TeacherCacheHits));
        Assert.Equal(1, ownCache.TeacherComputations);
    }

    [Fact]
    public async Task ScoreAsync_TwoScorersMissTogether_TeacherComputedOnce()
    {
        var cache = new MemoryBlobCache();
        var shared = new RendezvousLock(new InProcessTeacherLock(), parties: 2);
        using var catalogA = TinyModel.Catalog();
        using var catalogB = TinyModel.Catalog();
        using var a = TinyModel.Scorer(catalogA, cache, shared);
        using var b = TinyModel.Scorer(catalogB, cache, shared);

        var scores = await Task.WhenAll(a.ScoreAsync("2: 0:5x2", TinyModel.Settings()), b.ScoreAsync("5: 2:2x5", TinyModel.Settings()));

        Assert.Equal(2, shared.Acquisitions);
        Assert.Equal(1, a.TeacherComputations + b.TeacherComputations);
        Assert.Equal(1, a.TeacherCacheHits + b.TeacherCacheHits);
        Assert.Equal(1, cache.Count);
        Assert.All(scores, s => Assert.True(s.Score > 0));
    }

    [Fact]
    public async Task ScoreAsync_ManyAtOnce_OneJobOnTheDeviceAtATime()
    {
        var observer = new RecordingObserver();
        using var catalog = TinyModel.Catalog();
        using var scorer = TinyModel.Scorer(catalog, observer: observer);
        string[] candidates = ["2: 0:5x2", "5: Fx5", "10: Fx10", "2: 3:5x2", "1: 1:10"];

        var scores = await Task.WhenAll(candidates.Select(c => Task.Run(() => scorer.ScoreAsync(c, TinyModel.Settings()))));

        Assert.Equal(candidates.Length, scores.Length);
        Assert.Equal(1, observer.MaxRunning);
        Assert.Equal(0, scorer.QueueDepth);
        Assert.Equal(candidates.Length, observer.Events.Count(e => e.StartsWith("start", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ScoreAsync_CancelledAsTheTeacherSamplingStarts_SamplingStopsAndTheScorerStaysUsable()
    {
        var cache = new PausingBlobCache();
        using var catalog = TinyModel.Catalog();
        using var scorer = TinyModel.Scorer(catalog, cache);
        var slow = TinyModel.Settings(teacherSteps: 20, images: 32) with { BatchSize = 16 };
        using var cts = new CancellationTokenSource();

        // The job is held between its last cache miss and the teacher's sampling; nothing but the
        // sampling loop looks at the token after that, so only it can stop the job now.
        var running = scorer.ScoreAsync("20: Fx20", slow, cts.Token);
        await cache.Reached.WaitAsync(Patience.Limit);
        await cts.CancelAsync();
        cache.Release();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Patience.Limit));
        int storedAfterCancel = cache.Count;
        var next = await scorer.ScoreAsync("5: Fx5", TinyModel.Settings());

        Assert.Equal(0, storedAfterCancel);
        Assert.Equal(1, scorer.TeacherComputations);
        Assert.Equal(1, cache.Count);
        Assert.True(next.Score > 0);
        Assert.Equal(0, scorer.QueueDepth);
    }

    [Fact]
    public async Task ScoreAsync_CancelledWhileQueued_NeverRuns()
    {
        var observer = new RecordingObserver();
        using var catalog = TinyModel.Catalog();
        using var scorer = TinyModel.Scorer(catalog, observer: observer);
        using var cts = new CancellationTokenSource();

        var first = scorer.ScoreAsync("10: Fx10", TinyModel.Settings(images: 64));
        var queued = scorer.ScoreAsync("5: Fx5", TinyModel.Settings(images: 64), cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        await first;
        Assert.DoesNotContain("start 5: Fx5", observer.Events);
    }

    [Fact]
    public async Task Dispose_WhileAJobRuns_WaitsForItThenRefusesJobs()
    {
        var observer = new RecordingObserver();
        using var catalog = TinyModel.Catalog();
        var scorer = TinyModel.Scorer(catalog, observer: observer);
        // Long enough to be still running when Dispose is called on its start, far shorter than the 30 s Dispose waits at most.
        var running = scorer.ScoreAsync("10: Fx10", TinyModel.Settings(images: 32));
        await observer.FirstStarted.WaitAsync(Patience.Limit);

        scorer.Dispose();
        bool finishedFirst = observer.Events.Contains("finish 10: Fx10");

        Assert.True(finishedFirst);
        Assert.True((await running).Score >= 0);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => scorer.ScoreAsync("5: Fx5", TinyModel.Settings()));
    }

    [Fact]
    public async Task WarmTeacherAsync_Twice_ComputesOnceThenReadsTheCache()
    {
        var cache = new MemoryBlobCache();
        using var catalog = TinyModel.Catalog();
        using var scorer = TinyModel.Scorer(catalog, cache);
        using var other = TinyModel.Scorer(catalog, cache);

        bool computed = await scorer.WarmTeacherAsync(TinyModel.Settings());
        bool again = await other.WarmTeacherAsync(TinyModel.Settings());
        await other.ScoreAsync("5: Fx5", TinyModel.Settings());

        Assert.True(computed);
        Assert.False(again);
        Assert.Equal((0, 1), (other.TeacherComputations, other.TeacherCacheHits));
    }

    [Fact]
    public async Task ScoreAsync_OtherBatchSize_OtherIdentityAndTeacher()
    {
        var cache = new MemoryBlobCache();
        using var catalog = TinyModel.Catalog();
        using var scorer = TinyModel.Scorer(catalog, cache);
        var settings = TinyModel.Settings();

        var a = scorer.Prepare("5: Fx5", settings);
        var b = scorer.Prepare("5: Fx5", settings with { BatchSize = 4 });
        await scorer.ScoreAsync(a);
        await scorer.ScoreAsync(b);

        Assert.Equal((8, 4), (a.Identity.BatchSize, b.Identity.BatchSize));
        Assert.NotEqual(a.Identity.Canonical, b.Identity.Canonical);
        Assert.Equal(2, scorer.TeacherComputations);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Prepare_EmptyModelName_ResolvesTheFirstModel()
    {
        using var catalog = TinyModel.Catalog(TinyModel.Options("first"), TinyModel.Options("second", initSeed: 4));
        using var scorer = TinyModel.Scorer(catalog);

        var job = scorer.Prepare("5: Fx5", TinyModel.Settings());
        var named = scorer.Prepare("5: Fx5", TinyModel.Settings() with { Model = "second" });

        Assert.Equal("first", job.Settings.Model);
        Assert.Equal("second", named.Model.Name);
        Assert.NotEqual(job.Identity.ModelChecksum, named.Identity.ModelChecksum);
    }

    [Theory]
    [InlineData("", 10, "ddim", 8, "uniform", "", "candidate")]
    [InlineData("2: 0:5x", 10, "ddim", 8, "uniform", "", "candidate")]
    [InlineData("20: Fx20", 10, "ddim", 8, "uniform", "", "candidate")]
    [InlineData("2: 0:5x2", 0, "ddim", 8, "uniform", "", "settings.teacher_steps")]
    [InlineData("2: 0:5x2", 10, "euler", 8, "uniform", "", "settings.sampler")]
    [InlineData("2: 0:5x2", 10, "ddim", 1, "uniform", "", "settings.images")]
    [InlineData("2: 0:5x2", 10, "ddim", 8, "linear", "", "settings.spacing")]
    [InlineData("2: 0:5x2", 10, "ddim", 8, "uniform", "nope", "settings.model")]
    [InlineData("2: 0:5x2", 10, "ddim", 8, "uniform", "", "settings.nulls")]
    public void Prepare_InvalidRequest_ThrowsNamingTheField(string candidate, int steps, string sampler, int images, string spacing, string model, string field)
    {
        using var catalog = TinyModel.Catalog();
        using var scorer = TinyModel.Scorer(catalog);
        var settings = TinyModel.Settings(steps, images) with { Sampler = sampler, Spacing = spacing, Model = model, Nulls = field == "settings.nulls" ? "drop" : "skip" };

        var error = Assert.ThrowsAny<ArgumentException>(() => scorer.Prepare(candidate, settings));

        Assert.Equal(field, error.ParamName);
        Assert.StartsWith(field + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_BranchBeyondTheModel_ThrowsNamingTheCandidate()
    {
        using var catalog = TinyModel.Catalog();
        using var scorer = TinyModel.Scorer(catalog);
        int branches = catalog.Models[0].BranchCount;

        var error = Assert.ThrowsAny<ArgumentException>(() => scorer.Prepare($"2: {branches}:5x2", TinyModel.Settings()));
        var fits = scorer.Prepare($"2: {branches - 1}:5x2", TinyModel.Settings());

        Assert.Equal("candidate", error.ParamName);
        Assert.Contains($"uses branch {branches}", error.Message, StringComparison.Ordinal);
        Assert.Equal(branches - 1, fits.Plan.MaxBranch);
    }

    [Fact]
    public void Prepare_CandidateOfOtherTeacherLength_ThrowsNamingTheCandidate()
    {
        using var catalog = TinyModel.Catalog();
        using var scorer = TinyModel.Scorer(catalog);
        var candidate = Candidate.Parse("4: Fx4", 20);

        var error = Assert.ThrowsAny<ArgumentException>(() => scorer.Prepare(candidate, TinyModel.Settings()));

        Assert.Equal("candidate", error.ParamName);
        Assert.Contains("settings.teacher_steps is 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_CandidateTextOverTheLimit_NamesTheCandidateAndTheLimit()
    {
        using var catalog = TinyModel.Catalog();
        using var scorer = TinyModel.Scorer(catalog);
        string huge = "10: " + string.Join(' ', Enumerable.Repeat("F", CandidateScorer.MaxCandidateLength));

        var error = Assert.Throws<Search.FieldException>(() => scorer.Prepare(huge, TinyModel.Settings()));

        Assert.Equal("candidate", error.Field);
        Assert.Contains($"at most {CandidateScorer.MaxCandidateLength}", error.Reason, StringComparison.Ordinal);
    }
}
