using System.Reflection;
using Flexiffusion.Contracts.Errors;
using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Scoring.Models;
using Flexiffusion.Scoring;
using Flexiffusion.Scoring.Teachers;
using Flexiffusion.Evaluator.Tests.TestSupport;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Testing;
using Grpc.Core;
using Grpc.Health.V1;

namespace Flexiffusion.Evaluator.Tests.Services;

public sealed class EvaluatorGrpcServiceTests(EvaluatorFixture fixture) : IClassFixture<EvaluatorFixture>
{
    private TestEvaluator Host => fixture.Evaluator;

    private PausingBlobCache Cache => fixture.Cache;

    [Theory]
    [InlineData("flexiffusion.evaluator.v1.EvaluatorService")]
    [InlineData("")]
    public async Task Health_AfterLoading_Serving(string service)
    {
        var response = await Host.Health.CheckAsync(new HealthCheckRequest { Service = service });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task GetInfo_TinyModel_DescribesModelDeviceCapacityAndVersion()
    {
        var expected = MacCounter.Count(UNetConfig.FromJson(TestEvaluator.TinyConfig));

        var info = await Host.Client.GetEvaluatorInfoAsync(new GetEvaluatorInfoRequest());

        var model = Assert.Single(info.Models);
        Assert.Equal(("test-evaluator", "cpu", 2), (info.EvaluatorId, info.Device, info.Capacity));
        Assert.Equal(typeof(EvaluatorHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion, info.Version);
        Assert.Equal(("tiny", "tiny32", 1, 32), (model.Name, model.Config, model.InChannels, model.Resolution));
        Assert.StartsWith("random:", model.Checksum, StringComparison.Ordinal);
        Assert.StartsWith("sha256:", model.ExtractorChecksum, StringComparison.Ordinal);
        Assert.Equal(expected.BranchCount, model.BranchCount);
        Assert.Equal(expected.Full, model.Costs.FullMacs);
        Assert.Equal(expected.Partial.Select(p => (double)p), model.Costs.PartialMacs);
        // Step latencies measured on the evaluator's device at load.
        Assert.True(model.Costs.HasFullLatencyMs && model.Costs.FullLatencyMs > 0);
        Assert.Equal(expected.BranchCount, model.Costs.PartialLatencyMs.Count);
        Assert.All(model.Costs.PartialLatencyMs, ms => Assert.True(ms > 0));
    }

    [Fact]
    public async Task EvaluateOne_Candidate_ScoresAsTheLibraryDoes()
    {
        using var catalog = ModelCatalog.Load([new ServedModelOptions
        {
            Name = "tiny", Config = TestEvaluator.TinyConfig, RandomWeights = true, InitSeed = 3, Features = RepositoryPaths.FeatureNetwork,
        }]);
        using var scorer = new CandidateScorer(catalog, new MemoryBlobCache(), new InProcessTeacherLock());
        var job = scorer.Prepare("2: 0:5x2", new Search.Evaluation.EvaluationSettings { TeacherSteps = 10, Images = 8, BatchSize = 8, NoiseSeed = 11 });
        var expected = await scorer.ScoreAsync(job);

        var result = await Host.Client.EvaluateCandidateAsync(TestEvaluator.Request("2: 0:5x2", id: "r-1"));
        var teacher = await Host.Client.EvaluateCandidateAsync(TestEvaluator.Request("10: Fx10"));

        Assert.Equal("r-1", result.RequestId);
        Assert.Equal(("2: 0:5x2", "test-evaluator", 10), (result.Score.Candidate, result.Score.EvaluatorId, result.Score.Nfe));
        Assert.Equal((expected.Score, expected.Kid, job.Cost.Macs, job.Cost.MacSpeedup), (result.Score.Rfid, (double?)result.Score.Kid, result.Score.Macs, result.Score.MacSpeedup));
        Assert.True(result.Score.Rfid > 0 && result.Score.MacSpeedup > 1);
        Assert.True(result.Score.WallSeconds > 0 && result.Score.ImagesPerSecond > 0);
        Assert.InRange(teacher.Score.Rfid, 0, 1e-6);
    }

    [Fact]
    public async Task EvaluateOne_BootstrapAsked_ReturnsTheLibrarysPairedReplicates()
    {
        using var catalog = ModelCatalog.Load([new ServedModelOptions
        {
            Name = "tiny", Config = TestEvaluator.TinyConfig, RandomWeights = true, InitSeed = 3, Features = RepositoryPaths.FeatureNetwork,
        }]);
        using var scorer = new CandidateScorer(catalog, new MemoryBlobCache(), new InProcessTeacherLock());
        var expected = await scorer.ScoreAsync("2: 0:5x2", new Search.Evaluation.EvaluationSettings { TeacherSteps = 10, Images = 8, BatchSize = 8, NoiseSeed = 11, Bootstrap = 12 });
        var settings = TestEvaluator.Settings(10);
        settings.Bootstrap = 12;

        var result = await Host.Client.EvaluateCandidateAsync(TestEvaluator.Request("2: 0:5x2", settings));
        var plain = await Host.Client.EvaluateCandidateAsync(TestEvaluator.Request("2: 0:5x2"));

        Assert.Equal(12, result.Score.RfidBootstrap.Count);
        Assert.Equal(expected.RfidBootstrap, result.Score.RfidBootstrap);
        Assert.Equal(plain.Score.Rfid, result.Score.Rfid);
        Assert.Empty(plain.Score.RfidBootstrap);
    }

    [Theory]
    [InlineData("bogus", 10, "", "", "candidate: ")]
    [InlineData("2: 9:5x2", 10, "", "", "candidate: uses branch 9")]
    [InlineData("2: 0:5x2", -1, "", "", "settings.teacher_steps: ")]
    [InlineData("2: 0:5x2", 10, "euler", "", "settings.sampler: unknown value 9")]
    [InlineData("2: 0:5x2", 10, "", "nope", "settings.model: ")]
    [InlineData("2: 0:5x2", 10, "", "", "settings.bootstrap: ", 1001)]
    public async Task EvaluateOne_InvalidRequest_InvalidArgumentNamingTheField(string candidate, int steps, string sampler, string model, string expected, int bootstrap = 0)
    {
        var settings = TestEvaluator.Settings(steps);
        settings.Sampler = sampler.Length == 0 ? Contracts.Common.V1.Sampler.Unspecified : (Contracts.Common.V1.Sampler)9;
        settings.Model = model;
        settings.Bootstrap = bootstrap;

        var error = await Assert.ThrowsAsync<RpcException>(() => Host.Client.EvaluateCandidateAsync(TestEvaluator.Request(candidate, settings)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(expected, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(expected[..expected.IndexOf(':', StringComparison.Ordinal)], FieldViolations.First(error)?.Field);
    }

    [Fact]
    public async Task EvaluateOne_MoreImagesThanAllowed_InvalidArgumentNamingImages()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Host.Client.EvaluateCandidateAsync(TestEvaluator.Request("2: 0:5x2", TestEvaluator.Settings(images: 10_001))).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("settings.images: 10001 is more than this evaluator's limit of 10000", error.Status.Detail);
    }

    [Fact]
    public async Task EvaluateOne_DeadlinePassesDuringTheJob_DeadlineExceededAndTheJobStops()
    {
        var slow = TestEvaluator.Request("500: Fx500", TestEvaluator.Settings(teacherSteps: 500, images: 256, batchSize: 64));
        var (computed, stored) = (Host.Scorer.TeacherComputations, Cache.Count);
        using var pause = Cache.PauseNextSampling();

        // The job is held right before its teacher's sampling: only the call's deadline can end it.
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Host.Client.EvaluateCandidateAsync(slow, deadline: DateTime.UtcNow.AddSeconds(2)).ResponseAsync);
        await Patience.UntilAsync(() => Host.Scorer.QueueDepth == 0, "the job left the device");
        var after = (Host.Scorer.TeacherComputations, Cache.Count);
        var next = await Host.Client.EvaluateCandidateAsync(TestEvaluator.Request("5: Fx5"));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.True(!pause.Reached.IsCompleted || pause.StoppedByItsToken, "the held job should have been stopped by the deadline");
        Assert.Equal((computed, stored), after);
        Assert.True(next.Score.Rfid > 0);
    }

    [Fact]
    public async Task Evaluate_SeveralCandidatesWithinCapacity_ReadyFirstThenEveryOneAnswered()
    {
        string[] candidates = ["2: 0:5x2", "5: Fx5", "bad text", "10: Fx10", "2: 1:3x2", "1: 2:10"];
        using var call = Host.Client.Evaluate();
        var answers = new List<EvaluateResponse>();

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var ready = call.ResponseStream.Current;
        int sent = 0, outstanding = 0;
        while (sent < candidates.Length || outstanding > 0)
        {
            while (sent < candidates.Length && outstanding < ready.Ready.Capacity)
            {
                await call.RequestStream.WriteAsync(new EvaluateRequest { Candidate = TestEvaluator.Request(candidates[sent], id: $"c{sent}") });
                sent++;
                outstanding++;
            }
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            answers.Add(call.ResponseStream.Current);
            outstanding--;
        }
        await call.RequestStream.CompleteAsync();
        bool more = await call.ResponseStream.MoveNext(CancellationToken.None);

        Assert.Equal(EvaluateResponse.KindOneofCase.Ready, ready.KindCase);
        Assert.Equal((2, "test-evaluator"), (ready.Ready.Capacity, ready.Ready.EvaluatorId));
        Assert.False(more);
        Assert.Equal(["c0", "c1", "c2", "c3", "c4", "c5"], answers.Select(a => a.Result?.RequestId ?? a.Failure.RequestId).Order());
        var failure = Assert.Single(answers, a => a.KindCase == EvaluateResponse.KindOneofCase.Failure).Failure;
        Assert.Equal(("c2", (int)StatusCode.InvalidArgument), (failure.RequestId, failure.Code));
        Assert.StartsWith("candidate: ", failure.Message, StringComparison.Ordinal);
        Assert.All(answers.Where(a => a.Result is not null), a => Assert.Equal(candidates[int.Parse(a.Result.RequestId[1..], System.Globalization.CultureInfo.InvariantCulture)], a.Result.Score.Candidate));
    }

    [Fact]
    public async Task Evaluate_MoreThanCapacityAtOnce_ExtraRefusedWithResourceExhausted()
    {
        var settings = TestEvaluator.Settings(teacherSteps: 10, images: 32, batchSize: 32);
        using var pause = Cache.PauseNextSampling();
        using var call = Host.Client.Evaluate();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        // One of "a" and "b" is held right before its teacher's sampling, the other waits behind it: both are outstanding when "c" comes.
        await call.RequestStream.WriteAsync(new EvaluateRequest { Candidate = TestEvaluator.Request("2: 0:5x2", settings, "a") });
        await call.RequestStream.WriteAsync(new EvaluateRequest { Candidate = TestEvaluator.Request("2: 0:5x2", settings, "b") });
        await pause.Reached.WaitAsync(Patience.Limit);
        await call.RequestStream.WriteAsync(new EvaluateRequest { Candidate = TestEvaluator.Request("2: 0:5x2", settings, "c") });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var answers = new List<EvaluateResponse> { call.ResponseStream.Current };
        pause.Release();
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
            answers.Add(call.ResponseStream.Current);

        Assert.Equal(3, answers.Count);
        var refused = Assert.Single(answers, a => a.KindCase == EvaluateResponse.KindOneofCase.Failure).Failure;
        Assert.Equal(("c", (int)StatusCode.ResourceExhausted), (refused.RequestId, refused.Code));
        Assert.Same(refused, answers[0].Failure);
        Assert.Equal(["a", "b"], answers.Where(a => a.Result is not null).Select(a => a.Result.RequestId).Order());
    }

    [Fact]
    public async Task Evaluate_CallCancelled_ItsJobsStop()
    {
        var slow = TestEvaluator.Settings(teacherSteps: 500, images: 256, batchSize: 64);
        var (computed, stored) = (Host.Scorer.TeacherComputations, Cache.Count);
        using var pause = Cache.PauseNextSampling();
        using var cts = new CancellationTokenSource();
        using (var call = Host.Client.Evaluate(cancellationToken: cts.Token))
        {
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            await call.RequestStream.WriteAsync(new EvaluateRequest { Candidate = TestEvaluator.Request("500: Fx500", slow, "slow-1") });
            await call.RequestStream.WriteAsync(new EvaluateRequest { Candidate = TestEvaluator.Request("250: Fx250", slow, "slow-2") });
            // slow-1 is held right before its teacher's sampling (slow-2 queues behind it): only the call's cancellation can end them.
            await pause.Reached.WaitAsync(Patience.Limit);
            await cts.CancelAsync();
        }

        await Patience.UntilAsync(() => Host.Scorer.QueueDepth == 0, "the call's jobs left the device");
        var after = (Host.Scorer.TeacherComputations, Cache.Count);
        var next = await Host.Client.EvaluateCandidateAsync(TestEvaluator.Request("5: Fx5"));

        Assert.True(pause.StoppedByItsToken);
        Assert.Equal((computed, stored), after);
        Assert.True(next.Score.Rfid > 0);
    }

    [Fact]
    public async Task Evaluate_CancelMessage_StopsThatJobAnswersItCancelledAndTheStreamGoesOn()
    {
        var slow = TestEvaluator.Settings(teacherSteps: 500, images: 256, batchSize: 64);
        using var pause = Cache.PauseNextSampling();
        using var call = Host.Client.Evaluate(deadline: DateTime.UtcNow + Patience.Limit);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        await call.RequestStream.WriteAsync(new EvaluateRequest { Candidate = TestEvaluator.Request("500: Fx500", slow, "slow") });
        // Held right before its teacher's sampling: only a cancellation can end it early.
        await pause.Reached.WaitAsync(Patience.Limit);

        await call.RequestStream.WriteAsync(new EvaluateRequest { Cancel = new CancelCandidate { RequestId = "slow" } });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var cancelled = call.ResponseStream.Current;
        await call.RequestStream.WriteAsync(new EvaluateRequest { Cancel = new CancelCandidate { RequestId = "unknown" } });
        await call.RequestStream.WriteAsync(new EvaluateRequest { Candidate = TestEvaluator.Request("5: Fx5", id: "after") });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var after = call.ResponseStream.Current;
        await call.RequestStream.CompleteAsync();

        Assert.Equal(EvaluateResponse.KindOneofCase.Failure, cancelled.KindCase);
        Assert.Equal(("slow", (int)StatusCode.Cancelled), (cancelled.Failure.RequestId, cancelled.Failure.Code));
        Assert.True(pause.StoppedByItsToken);
        Assert.Equal(EvaluateResponse.KindOneofCase.Result, after.KindCase);
        Assert.Equal("after", after.Result.RequestId);
        Assert.Equal(0, Host.Scorer.QueueDepth);
    }
}
