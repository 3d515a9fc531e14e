using Flexiffusion.Contracts.Errors;
using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Evaluator.Tests.TestSupport;
using Flexiffusion.Testing.Fuzzing;
using Grpc.Core;

namespace Flexiffusion.Evaluator.Tests.Services;

/// <summary>
/// Bounded-time fuzzing of the evaluator's handlers over real gRPC with the tiny real model: requests with random fields
/// changed (<see cref="ProtoMutator"/>), one call each and many on one stream. Every one is answered — a score, an
/// INVALID_ARGUMENT naming its field, or (a valid but heavy request) DEADLINE_EXCEEDED — never INTERNAL, and afterwards
/// the evaluator scores a candidate exactly as it did before.
/// </summary>
public sealed class EvaluatorGrpcServiceFuzzTests : IAsyncLifetime
{
    private static readonly StatusCode[] Expected = [StatusCode.InvalidArgument, StatusCode.DeadlineExceeded];

    private TestEvaluator _host = null!;

    public async Task InitializeAsync() => _host = await TestEvaluator.StartAsync();

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    private static EvaluateCandidateRequest Valid => TestEvaluator.Request("2: 0:5x2", TestEvaluator.Settings(images: 4, batchSize: 4));

    [Fact]
    public async Task EvaluateCandidate_RandomlyMutatedRequests_ScoredOrRefusedWithTheFieldAndTheEvaluatorKeepsScoring()
    {
        var before = await _host.Client.EvaluateCandidateAsync(Valid);
        var random = new Random(2026_11_29);
        var mutator = new ProtoMutator(random);
        int scored = 0, refused = 0;
        for (int i = 0; i < 100; i++)
        {
            var request = Quick(mutator.Mutate(Valid, edits: random.Next(1, 4)));
            try
            {
                await _host.Client.EvaluateCandidateAsync(request, deadline: DateTime.UtcNow.AddSeconds(20));
                scored++;
            }
            catch (RpcException e)
            {
                AssertExpected(e.StatusCode, e.Status.Detail, FieldViolations.First(e)?.Field, request);
                refused++;
            }
        }

        Assert.True(scored >= 5 && refused >= 20, $"{scored} scored and {refused} refused: the mutations no longer reach both paths");
        var after = await _host.Client.EvaluateCandidateAsync(Valid);
        Assert.Equal(before.Score.Rfid, after.Score.Rfid);
    }

    [Fact]
    public async Task Evaluate_RandomlyMutatedCandidatesOnOneStream_EachAnsweredAndTheStreamLives()
    {
        var random = new Random(11);
        var mutator = new ProtoMutator(random);
        using var call = _host.Client.Evaluate(deadline: DateTime.UtcNow.AddMinutes(5));
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(EvaluateResponse.KindOneofCase.Ready, call.ResponseStream.Current.KindCase);
        int failures = 0;
        for (int i = 0; i < 40; i++)
        {
            var candidate = Quick(mutator.Mutate(Valid, edits: random.Next(1, 3)));
            candidate.RequestId = $"fuzz-{i}";
            await call.RequestStream.WriteAsync(new EvaluateRequest { Candidate = candidate });
            Assert.True(await call.ResponseStream.MoveNext(), $"the stream ended after candidate {i}");
            var answer = call.ResponseStream.Current;
            if (answer.KindCase == EvaluateResponse.KindOneofCase.Failure)
            {
                Assert.Equal($"fuzz-{i}", answer.Failure.RequestId);
                AssertExpected((StatusCode)answer.Failure.Code, answer.Failure.Message, answer.Failure.Field, candidate);
                failures++;
            }
            else
            {
                Assert.Equal(EvaluateResponse.KindOneofCase.Result, answer.KindCase);
                Assert.Equal($"fuzz-{i}", answer.Result.RequestId);
            }
        }
        await call.RequestStream.CompleteAsync();

        Assert.InRange(failures, 5, 39);
    }

    /// <summary>
    /// Heavy but valid settings would take minutes on a CPU: they keep their shape with few images, teacher steps and
    /// bootstrap replicates (counts over the limits are kept, so those refusals are fuzzed too).
    /// </summary>
    private static EvaluateCandidateRequest Quick(EvaluateCandidateRequest request)
    {
        if (request.Settings is not { } s)
            return request;
        // 0 means the defaults (256 images, 100 teacher steps, batch 64): valid, but minutes of CPU per new teacher.
        if (s.Images is 0 or (> 16 and <= 10_000))
            s.Images = 4;
        if (s.BatchSize is 0 or > 16)
            s.BatchSize = 4;
        if (s.TeacherSteps is 0 or (> 20 and <= 1000))
            s.TeacherSteps = 10;
        if (s.Bootstrap is > 10 and <= 1000)
            s.Bootstrap = 10;
        return request;
    }

    private static void AssertExpected(StatusCode code, string detail, string? field, EvaluateCandidateRequest request)
    {
        string shown = request.ToString() is var text && text.Length > 400 ? text[..400] : request.ToString();
        Assert.True(Expected.Contains(code), $"{code} ({detail}) for {shown}");
        Assert.True(detail.Length <= StatusText.MaxLength, "the status message is not bounded");
        if (code == StatusCode.InvalidArgument)
            Assert.False(string.IsNullOrEmpty(field), $"no field named in '{detail}'");
    }
}
