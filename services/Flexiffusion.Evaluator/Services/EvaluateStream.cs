using System.Threading.Channels;
using Flexiffusion.Contracts.Errors;
using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Evaluator.Telemetry;
using Grpc.Core;

namespace Flexiffusion.Evaluator.Services;

/// <summary>
/// One <c>Evaluate</c> call: sends Ready, then accepts candidates while fewer than the capacity are
/// outstanding (refusing extras with RESOURCE_EXHAUSTED), queues each on the scorer and answers each as it
/// finishes — a bad candidate gets a failure, never ends the stream. Answers go through one writer, since
/// a response stream takes one write at a time. Cancelling the call cancels its queued and running jobs.
/// </summary>
internal sealed class EvaluateStream(
    CandidateRunner runner,
    int capacity,
    IAsyncStreamReader<EvaluateRequest> requests,
    IServerStreamWriter<EvaluateResponse> responses,
    ServerCallContext context,
    ILogger logger)
{
    private readonly Channel<EvaluateResponse> _answers = Channel.CreateUnbounded<EvaluateResponse>(new UnboundedChannelOptions { SingleReader = true });
    private int _outstanding;

    public async Task RunAsync()
    {
        var cancellationToken = context.CancellationToken;
        var writer = WriteAnswersAsync(cancellationToken);
        _answers.Writer.TryWrite(new EvaluateResponse { Ready = new Ready { Capacity = capacity, EvaluatorId = runner.EvaluatorId } });
        var jobs = new List<Task>();
        try
        {
            await foreach (var request in requests.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (request.KindCase != EvaluateRequest.KindOneofCase.Candidate)
                {
                    _answers.Writer.TryWrite(Failure("", StatusCode.InvalidArgument, "kind: expected a candidate", "kind"));
                    continue;
                }
                var candidate = request.Candidate;
                if (Interlocked.Increment(ref _outstanding) > capacity)
                {
                    Interlocked.Decrement(ref _outstanding);
                    runner.Refused();
                    EvaluatorLog.OverCapacity(logger, candidate.RequestId, capacity);
                    _answers.Writer.TryWrite(Failure(candidate.RequestId, StatusCode.ResourceExhausted,
                        $"capacity {capacity} reached: wait for an answer before sending more candidates on this stream"));
                    continue;
                }
                jobs.Add(AnswerAsync(candidate, cancellationToken));
            }
        }
        finally
        {
            // Every job answers (or, once the call is cancelled, gives up) by itself; none throws.
            await Task.WhenAll(jobs).ConfigureAwait(false);
            _answers.Writer.TryComplete();
            await writer.ConfigureAwait(false);
        }
    }

    private async Task AnswerAsync(EvaluateCandidateRequest request, CancellationToken cancellationToken)
    {
        EvaluateResponse answer;
        try
        {
            var result = await runner.RunAsync(request, context.Deadline, cancellationToken).ConfigureAwait(false);
            answer = new EvaluateResponse { Result = result };
        }
        catch (RpcException e)
        {
            answer = Failure(request.RequestId, e.StatusCode, e.Status.Detail, FieldViolations.First(e)?.Field ?? "");
        }
        // Free the slot before the answer is visible, so a caller that sends on receipt is never refused.
        Interlocked.Decrement(ref _outstanding);
        _answers.Writer.TryWrite(answer);
    }

    private async Task WriteAnswersAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var answer in _answers.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                await responses.WriteAsync(answer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            EvaluatorLog.StreamClosed(logger, e);
        }
    }

    private static EvaluateResponse Failure(string requestId, StatusCode code, string message, string field = "") =>
        new() { Failure = new CandidateFailure { RequestId = requestId, Code = (int)code, Message = message, Field = field } };
}
