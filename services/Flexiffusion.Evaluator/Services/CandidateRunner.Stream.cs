using System.Collections.Concurrent;
using System.Threading.Channels;
using Flexiffusion.Contracts.Errors;
using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Evaluator.Telemetry;
using Grpc.Core;

namespace Flexiffusion.Evaluator.Services;

internal sealed partial class CandidateRunner
{
    /// <summary>
    /// One <c>Evaluate</c> call: sends Ready, then accepts candidates while fewer than the capacity are outstanding
    /// (refusing extras with RESOURCE_EXHAUSTED), scores each and answers each as it finishes — a bad candidate gets a
    /// failure, never ends the stream. Answers go through one writer, since a response stream takes one write at a
    /// time. Cancelling the call cancels its queued and running jobs; a <c>cancel</c> message cancels one of them.
    /// </summary>
    public async Task RunStreamAsync(IAsyncStreamReader<EvaluateRequest> requests, IServerStreamWriter<EvaluateResponse> responses, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        int capacity = options.Value.Capacity;
        var answers = Channel.CreateUnbounded<EvaluateResponse>(new UnboundedChannelOptions { SingleReader = true });
        int outstanding = 0;
        var writer = WriteAnswersAsync();
        answers.Writer.TryWrite(new EvaluateResponse { Ready = new Ready { Capacity = capacity, EvaluatorId = EvaluatorId } });
        var jobs = new List<Task>();
        var running = new ConcurrentDictionary<string, CancellationTokenSource>(StringComparer.Ordinal);
        try
        {
            await foreach (var request in requests.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (request.KindCase == EvaluateRequest.KindOneofCase.Cancel)
                {
                    if (running.TryGetValue(request.Cancel.RequestId, out var job))
                        CancelJob(job);
                    continue;
                }
                if (request.KindCase != EvaluateRequest.KindOneofCase.Candidate)
                {
                    answers.Writer.TryWrite(Failure("", StatusCode.InvalidArgument, "kind: expected a candidate", "kind"));
                    continue;
                }
                var candidate = request.Candidate;
                if (Interlocked.Increment(ref outstanding) > capacity)
                {
                    Interlocked.Decrement(ref outstanding);
                    Refused();
                    EvaluatorLog.OverCapacity(logger, candidate.RequestId, capacity);
                    answers.Writer.TryWrite(Failure(candidate.RequestId, StatusCode.ResourceExhausted,
                        $"capacity {capacity} reached: wait for an answer before sending more candidates on this stream"));
                    continue;
                }
                jobs.Add(AnswerAsync(candidate));
            }
        }
        finally
        {
            // Every job answers (or, once the call is cancelled, gives up) by itself; none throws.
            await Task.WhenAll(jobs).ConfigureAwait(false);
            answers.Writer.TryComplete();
            await writer.ConfigureAwait(false);
        }

        async Task AnswerAsync(EvaluateCandidateRequest request)
        {
            EvaluateResponse answer;
            using var job = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // A request id the caller reuses while its first job runs cannot be cancelled by id; it still runs and answers.
            bool tracked = running.TryAdd(request.RequestId, job);
            try
            {
                var result = await RunAsync(request, context.Deadline, job.Token).ConfigureAwait(false);
                answer = new EvaluateResponse { Result = result };
            }
            catch (RpcException e)
            {
                answer = Failure(request.RequestId, e.StatusCode, e.Status.Detail, FieldViolations.First(e)?.Field ?? "");
            }
            finally
            {
                if (tracked)
                    running.TryRemove(request.RequestId, out _);
            }
            // Free the slot before the answer is visible, so a caller that sends on receipt is never refused.
            Interlocked.Decrement(ref outstanding);
            answers.Writer.TryWrite(answer);
        }

        async Task WriteAnswersAsync()
        {
            try
            {
                await foreach (var answer in answers.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                    await responses.WriteAsync(answer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
            {
                EvaluatorLog.StreamClosed(logger, e);
            }
        }
    }

    private static void CancelJob(CancellationTokenSource job)
    {
        try
        {
            job.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It has just answered.
        }
    }

    private static EvaluateResponse Failure(string requestId, StatusCode code, string message, string field = "") =>
        new() { Failure = new CandidateFailure { RequestId = requestId, Code = (int)code, Message = message, Field = field } };
}
