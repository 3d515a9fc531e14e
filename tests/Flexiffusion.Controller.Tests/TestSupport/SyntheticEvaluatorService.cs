using Flexiffusion.Contracts.Common.V1;
using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Space;
using Grpc.Core;
using Flexiffusion.Testing;

namespace Flexiffusion.Controller.Tests.TestSupport;

/// <summary>The Evaluator contract over <see cref="SyntheticFitness.Error"/>, for <see cref="SyntheticEvaluatorServer"/>.</summary>
internal sealed class SyntheticEvaluatorService(SyntheticEvaluatorServer server) : EvaluatorService.EvaluatorServiceBase
{
    public override async Task Evaluate(IAsyncStreamReader<EvaluateRequest> requestStream, IServerStreamWriter<EvaluateResponse> responseStream, ServerCallContext context)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, server.Killed);
        var writes = new SemaphoreSlim(1, 1);
        async Task WriteAsync(EvaluateResponse response)
        {
            await writes.WaitAsync(stop.Token);
            try
            {
                await responseStream.WriteAsync(response, stop.Token);
            }
            finally
            {
                writes.Release();
            }
        }

        server.OnStream();
        await WriteAsync(new EvaluateResponse { Ready = new Ready { Capacity = server.Capacity, EvaluatorId = server.Id } });
        int outstanding = 0;
        var work = new List<Task>();
        var jobs = new System.Collections.Concurrent.ConcurrentDictionary<string, CancellationTokenSource>(StringComparer.Ordinal);
        await foreach (var request in requestStream.ReadAllAsync(stop.Token))
        {
            if (request.KindCase == EvaluateRequest.KindOneofCase.Cancel)
            {
                server.OnCancelRequested(request.Cancel.RequestId);
                try
                {
                    if (jobs.TryGetValue(request.Cancel.RequestId, out var cancelled))
                        await cancelled.CancelAsync();
                }
                catch (ObjectDisposedException)
                {
                    // It has just answered.
                }
                continue;
            }
            var candidate = request.Candidate;
            server.OnReceived(candidate.Candidate);
            int now = Interlocked.Increment(ref outstanding);
            server.OnOutstanding(now);
            if (now > server.Capacity)
            {
                Interlocked.Decrement(ref outstanding);
                server.OnRefused();
                await WriteAsync(Failure(candidate.RequestId, StatusCode.ResourceExhausted, $"capacity {server.Capacity} exceeded"));
                continue;
            }
            var job = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            jobs[candidate.RequestId] = job;
            work.Add(Task.Run(async () =>
            {
                EvaluateResponse response;
                try
                {
                    response = await ScoreAsync(candidate, job.Token);
                }
                catch (OperationCanceledException) when (job.IsCancellationRequested && !stop.IsCancellationRequested)
                {
                    response = Failure(candidate.RequestId, StatusCode.Cancelled, "cancelled by the caller");
                }
                finally
                {
                    // Freed before answering: the caller may send the next candidate as soon as it reads the answer.
                    Interlocked.Decrement(ref outstanding);
                    jobs.TryRemove(candidate.RequestId, out _);
                    job.Dispose();
                }
                await WriteAsync(response);
                server.OnAnswered(candidate.Candidate);
            }));
        }
        await Task.WhenAll(work);
    }

    public override Task<CandidateResult> EvaluateCandidate(EvaluateCandidateRequest request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "the test evaluator streams only"));

    public override Task<EvaluatorInfo> GetEvaluatorInfo(GetEvaluatorInfoRequest request, ServerCallContext context)
    {
        var costs = new Contracts.Common.V1.CostTable { FullMacs = Scores.Costs.FullMacs };
        costs.PartialMacs.AddRange(Scores.Costs.PartialMacs);
        var info = new EvaluatorInfo { EvaluatorId = server.Id, Version = "test", Device = "cpu", Capacity = server.Capacity };
        info.Models.Add(new ModelInfo
        {
            Name = Scores.ModelName,
            Config = "tiny",
            Checksum = server.Checksum,
            ExtractorChecksum = "sha256:extractor",
            BranchCount = Scores.Costs.BranchCount,
            Costs = costs,
            InChannels = 1,
            Resolution = 8,
        });
        return Task.FromResult(info);
    }

    private async Task<EvaluateResponse> ScoreAsync(EvaluateCandidateRequest request, CancellationToken cancellationToken)
    {
        await server.Gate.PassAsync(cancellationToken);
        if (server.TakeHang())
            await Task.Delay(Timeout.Infinite, cancellationToken);
        await Task.Delay(server.Delay, cancellationToken);
        if (server.TakeTransientFailure())
            return Failure(request.RequestId, StatusCode.Unavailable, "temporarily out of GPU memory");
        if (server.Reject)
            return Failure(request.RequestId, StatusCode.InvalidArgument, $"cannot evaluate '{request.Candidate}'");
        if (!Candidate.TryParse(request.Candidate, request.Settings.TeacherSteps, out var candidate, out string? error))
            return Failure(request.RequestId, StatusCode.InvalidArgument, error!);
        var cost = new CostModel(Scores.Costs).Evaluate(candidate!);
        return new EvaluateResponse
        {
            Result = new CandidateResult
            {
                RequestId = request.RequestId,
                Score = new CandidateScore
                {
                    Candidate = request.Candidate,
                    Rfid = SyntheticFitness.Error(candidate!),
                    Kid = SyntheticFitness.Error(candidate!) / 100,
                    Macs = cost.Macs,
                    MacSpeedup = cost.MacSpeedup,
                    Nfe = cost.Nfe,
                    WallSeconds = server.Delay.TotalSeconds,
                    ImagesPerSecond = request.Settings.Images / Math.Max(server.Delay.TotalSeconds, 1e-3),
                    EvaluatorId = server.Id,
                },
            },
        };
    }

    private static EvaluateResponse Failure(string requestId, StatusCode code, string message) =>
        new() { Failure = new CandidateFailure { RequestId = requestId, Code = (int)code, Message = message } };
}
