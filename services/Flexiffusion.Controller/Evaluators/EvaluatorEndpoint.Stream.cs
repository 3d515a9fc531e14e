using System.Globalization;
using Flexiffusion.Contracts.Errors;
using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Contracts.Mapping;
using Flexiffusion.Search.Evaluation;
using Grpc.Core;
using Grpc.Health.V1;

namespace Flexiffusion.Controller.Evaluators;

internal sealed partial class EvaluatorEndpoint
{
    /// <summary>Evaluates one candidate through the pipeline, on the slot the pool leased (retries lease their own).</summary>
    public async Task<CandidateEvaluation> EvaluateAsync(WorkItem item, EvaluatorConnection leased, CancellationToken cancellationToken)
    {
        var attempt = new Attempt(this, item, leased);
        try
        {
            return await _pipeline.ExecuteAsync(static (a, token) => a.Endpoint.AttemptAsync(a, token), attempt, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The pipeline may refuse (open circuit) before any attempt used the pool's lease.
            attempt.TakeLease()?.Release();
        }
    }

    private async ValueTask<CandidateEvaluation> AttemptAsync(Attempt attempt, CancellationToken cancellationToken)
    {
        var connection = attempt.TakeLease() ?? (TryLease(out var leased) ? leased : throw new EndpointBusyException(Address));
        var request = new EvaluateCandidateRequest
        {
            RequestId = Interlocked.Increment(ref _requestIds).ToString(CultureInfo.InvariantCulture),
            Candidate = attempt.Item.Text,
            Settings = attempt.Item.Settings,
        };
        long started = _time.GetTimestamp();
        EvaluateResponse response;
        try
        {
            response = await connection.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !attempt.Item.Token.IsCancellationRequested)
        {
            // The per-candidate deadline passed: the evaluator is unresponsive. Its slot would stay
            // leased until an answer that may never come, so the stream is reset and its candidates re-dispatched.
            connection.Abort($"candidate '{attempt.Item.Text}' exceeded the {_options.CallTimeout} deadline");
            throw;
        }
        if (response.KindCase == EvaluateResponse.KindOneofCase.Failure)
        {
            var failure = response.Failure;
            throw failure.Code == (int)StatusCode.InvalidArgument && failure.Field.Length > 0
                ? FieldViolations.InvalidArgument(failure.Field, Reason(failure))
                : new RpcException(new Status((StatusCode)failure.Code, failure.Message));
        }
        var score = response.Result.Score ?? throw new RpcException(new Status(StatusCode.Internal, $"evaluator {Address} answered without a score"));
        return ScoreMapping.ToEvaluation(attempt.Item.Candidate, score, _time.GetElapsedTime(started), connection.EvaluatorId);
    }

    /// <summary>Connects while the endpoint lives: health check, open the stream, read Ready, then read answers until it ends.</summary>
    private async Task RunAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested && !_draining)
        {
            EvaluatorConnection? connection = null;
            try
            {
                if (await IsServingAsync(stop).ConfigureAwait(false))
                {
                    connection = await ConnectAsync(stop).ConfigureAwait(false);
                    await connection.ReadAsync(_changed).ConfigureAwait(false);
                    EndpointLog.StreamEnded(_logger, Address);
                }
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                if (connection is { AbortReason: { } why })
                    EndpointLog.StreamReset(_logger, Address, why);
                else if (connection is not null)
                    EndpointLog.StreamLost(_logger, e, Address);
                else
                    EndpointLog.ConnectFailed(_logger, e, Address);
            }
            catch (Exception)
            {
                // Stopping.
            }
            finally
            {
                if (connection is not null)
                {
                    _connection = null;
                    connection.Fail(new EndpointUnavailableException(Address, "the stream to the evaluator ended"));
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
                _changed();
            }
            try
            {
                await Task.Delay(_options.HealthInterval, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task<EvaluatorConnection> ConnectAsync(CancellationToken stop)
    {
        var models = (await GetInfoAsync(stop).ConfigureAwait(false)).Models.Select(ModelMapping.Key).ToHashSet();
        var abort = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var call = _client.Evaluate(cancellationToken: abort.Token);
        using var readyWait = CancellationTokenSource.CreateLinkedTokenSource(stop);
        readyWait.CancelAfter(_options.InfoTimeout);
        try
        {
            if (!await call.ResponseStream.MoveNext(readyWait.Token).ConfigureAwait(false) || call.ResponseStream.Current.KindCase != EvaluateResponse.KindOneofCase.Ready)
                throw new EndpointUnavailableException(Address, "the stream did not start with Ready");
        }
        catch
        {
            call.Dispose();
            abort.Dispose();
            throw;
        }
        var connection = new EvaluatorConnection(Address, call, abort, call.ResponseStream.Current.Ready, models);
        _connection = connection;
        if (_out)
        {
            await _breaker.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            _out = false;
        }
        EndpointLog.Joined(_logger, Address, connection.EvaluatorId, connection.Capacity);
        _changed();
        return connection;
    }

    /// <summary>grpc.health.v1 of the whole server; an evaluator without the health service counts as serving.</summary>
    private async Task<bool> IsServingAsync(CancellationToken stop)
    {
        try
        {
            var reply = await _health.CheckAsync(new HealthCheckRequest(), deadline: Deadline(_options.InfoTimeout), cancellationToken: stop).ConfigureAwait(false);
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            return true;
        }
        catch (RpcException)
        {
            return false;
        }
    }

    /// <summary>One candidate's way through the pipeline: the pool's lease is used by the first attempt only.</summary>
    private sealed class Attempt(EvaluatorEndpoint endpoint, WorkItem item, EvaluatorConnection lease)
    {
        private EvaluatorConnection? _lease = lease;

        public EvaluatorEndpoint Endpoint { get; } = endpoint;

        public WorkItem Item { get; } = item;

        public EvaluatorConnection? TakeLease() => Interlocked.Exchange(ref _lease, null);
    }

    private static string Reason(CandidateFailure failure) =>
        failure.Message.StartsWith(failure.Field + ": ", StringComparison.Ordinal) ? failure.Message[(failure.Field.Length + 2)..] : failure.Message;
}
