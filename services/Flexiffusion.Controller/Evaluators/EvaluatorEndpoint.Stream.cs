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
    /// <summary>Connects while the endpoint lives: health check, open the stream, read Ready, then serve until it ends.</summary>
    private async Task RunAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested && !_drain.IsCancellationRequested)
        {
            EvaluatorConnection? connection = null;
            try
            {
                if (await IsServingAsync(stop).ConfigureAwait(false))
                {
                    connection = await ConnectAsync(stop).ConfigureAwait(false);
                    await ServeAsync(connection).ConfigureAwait(false);
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
                _pool.Changed();
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

    /// <summary>Reads answers and, for every served model, pulls candidates into free slots, until the stream ends.</summary>
    private async Task ServeAsync(EvaluatorConnection connection)
    {
        var queues = connection.Models.Select(_pool.QueueOf).ToList();
        foreach (var queue in queues)
            queue.Served(joined: true);
        _pool.Changed();
        var reading = connection.ReadAsync();
        var pulling = queues.Select(q => PullAsync(connection, q)).ToList();
        try
        {
            await reading.ConfigureAwait(false);
        }
        finally
        {
            connection.Abort(connection.AbortReason ?? "the stream ended");
            await Task.WhenAll(pulling).ConfigureAwait(false);
            foreach (var queue in queues)
                queue.Served(joined: false);
        }
    }

    /// <summary>One model's candidates into this stream's free slots, first come first served, while the endpoint is available.</summary>
    private async Task PullAsync(EvaluatorConnection connection, ModelQueue queue)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(connection.Ended, _drain.Token);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                await connection.WaitSlotAsync(stop.Token).ConfigureAwait(false);
                if (!IsAvailable)
                {
                    // Taken out (the breaker resets the stream) or leaving: the next stream pulls again.
                    connection.ReleaseSlot();
                    return;
                }
                if (!queue.Reader.TryRead(out var item))
                {
                    connection.ReleaseSlot();
                    continue;
                }
                if (item.IsDone)
                {
                    connection.ReleaseSlot();
                    continue;
                }
                _ = EvaluateAsync(item, connection);
            }
        }
        catch (OperationCanceledException)
        {
            // The stream ended or the endpoint leaves.
        }
    }

    /// <summary>One dispatch of a candidate on a taken slot: its answer completes it; a failure sends it back to its queue or fails it.</summary>
    private async Task EvaluateAsync(WorkItem item, EvaluatorConnection connection)
    {
        item.Dispatches++;
        long started = _time.GetTimestamp();
        bool sent = false;
        try
        {
            var result = await _pipeline.ExecuteAsync(async token =>
            {
                sent = true;
                return await AttemptAsync(item, connection, token).ConfigureAwait(false);
            }, item.Token).ConfigureAwait(false);
            _pool.Evaluated(result, Address, _time.GetElapsedTime(started));
            item.Complete(result);
        }
        catch (OperationCanceledException) when (item.Token.IsCancellationRequested)
        {
            // The batch is gone; the item's registration has completed it as cancelled.
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            item.Fail(new InvalidOperationException($"evaluator {Address} rejected candidate '{item.Text}': {e.Status.Detail}", e));
        }
        catch (Exception e)
        {
            _pool.Retry(item, Address, e);
        }
        finally
        {
            // A refused attempt (open circuit) never used its slot.
            if (!sent)
                connection.ReleaseSlot();
        }
    }

    private async ValueTask<CandidateEvaluation> AttemptAsync(WorkItem item, EvaluatorConnection connection, CancellationToken cancellationToken)
    {
        var request = new EvaluateCandidateRequest
        {
            RequestId = Interlocked.Increment(ref _requestIds).ToString(CultureInfo.InvariantCulture),
            Candidate = item.Text,
            Settings = item.Settings,
        };
        long started = _time.GetTimestamp();
        EvaluateResponse response;
        try
        {
            response = await connection.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !item.Token.IsCancellationRequested)
        {
            // The candidate's deadline passed: the evaluator is unresponsive. Its slot would stay taken until an answer
            // that may never come, so the stream is reset and its candidates go back to their queues.
            connection.Abort($"candidate '{item.Text}' exceeded the {_options.CallTimeout} deadline");
            throw;
        }
        catch (OperationCanceledException) when (item.Token.IsCancellationRequested)
        {
            // Its search is cancelled: the evaluator stops the job rather than finish it for nobody.
            _ = connection.CancelAsync(request.RequestId);
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
        return ScoreMapping.ToEvaluation(item.Candidate, score, _time.GetElapsedTime(started), connection.EvaluatorId);
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
        if (_out)
        {
            await _breaker.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            _out = false;
        }
        _connection = connection;
        EndpointLog.Joined(_logger, Address, connection.EvaluatorId, connection.Capacity);
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

    private static string Reason(CandidateFailure failure) =>
        failure.Message.StartsWith(failure.Field + ": ", StringComparison.Ordinal) ? failure.Message[(failure.Field.Length + 2)..] : failure.Message;
}
