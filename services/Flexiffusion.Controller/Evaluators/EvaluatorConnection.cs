using System.Collections.Concurrent;
using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Search.Evaluation;
using Grpc.Core;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>
/// One live bidirectional <c>Evaluate</c> stream to an evaluator and its slots. A slot is taken before a candidate is
/// sent and freed only when the evaluator answers it (or the stream dies), so the evaluator never has more than its
/// announced capacity outstanding — even after the caller stopped waiting.
/// </summary>
internal sealed class EvaluatorConnection : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<EvaluateRequest, EvaluateResponse> _call;
    private readonly CancellationTokenSource _abort;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<EvaluateResponse>> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private volatile bool _alive = true;

    public EvaluatorConnection(string address, AsyncDuplexStreamingCall<EvaluateRequest, EvaluateResponse> call, CancellationTokenSource abort, Ready ready,
        IReadOnlySet<ModelKey> models)
    {
        Address = address;
        Models = models;
        _call = call;
        _abort = abort;
        Capacity = Math.Max(1, ready.Capacity);
        _slots = new SemaphoreSlim(Capacity, Capacity);
        EvaluatorId = string.IsNullOrEmpty(ready.EvaluatorId) ? address : ready.EvaluatorId;
    }

    public string Address { get; }

    /// <summary>Candidates the evaluator accepts at once (its Ready message).</summary>
    public int Capacity { get; }

    public string EvaluatorId { get; }

    /// <summary>The models the evaluator serves, read when the stream opened.</summary>
    public IReadOnlySet<ModelKey> Models { get; }

    public bool IsAlive => _alive;

    /// <summary>Cancelled when the stream ends: the dispatch loops on this stream stop.</summary>
    public CancellationToken Ended => _abort.Token;

    /// <summary>Why <see cref="Abort"/> ended the stream (the pool's own decision, not a failure); null otherwise.</summary>
    public string? AbortReason { get; private set; }

    /// <summary>Candidates sent and not yet answered.</summary>
    public int Outstanding => _pending.Count;

    /// <summary>Waits for a free slot; the caller then sends on it (<see cref="SendAsync"/>) or gives it back (<see cref="ReleaseSlot"/>).</summary>
    public Task WaitSlotAsync(CancellationToken cancellationToken) => _slots.WaitAsync(cancellationToken);

    /// <summary>Gives back a slot taken by <see cref="WaitSlotAsync"/> and not sent on.</summary>
    public void ReleaseSlot() => _slots.Release();

    /// <summary>Waits until no candidate is outstanding (every slot free) or the stream ends.</summary>
    public async Task IdleAsync(CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abort.Token);
        int taken = 0;
        try
        {
            for (; taken < Capacity; taken++)
                await _slots.WaitAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The stream ended: nothing is outstanding any more.
        }
        finally
        {
            if (taken > 0)
                _slots.Release(taken);
        }
    }

    /// <summary>
    /// Sends a candidate on a slot taken by <see cref="WaitSlotAsync"/> and waits for its answer. The slot is freed when
    /// the evaluator answers, however long after a cancelled wait.
    /// </summary>
    /// <exception cref="EndpointUnavailableException">The stream is down.</exception>
    public async Task<EvaluateResponse> SendAsync(EvaluateCandidateRequest request, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<EvaluateResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[request.RequestId] = answer;
        if (!_alive)
        {
            Forget(request.RequestId);
            throw new EndpointUnavailableException(Address, "the stream is closed");
        }
        try
        {
            // gRPC allows one write at a time on a stream; a write is never cancelled half-way.
            await _writes.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await _call.RequestStream.WriteAsync(new EvaluateRequest { Candidate = request }, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _writes.Release();
            }
        }
        catch (Exception e)
        {
            Forget(request.RequestId);
            throw new EndpointUnavailableException(Address, $"sending failed: {e.Message}", e);
        }
        return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks the evaluator to stop a candidate sent on this stream that nobody waits for any more (its search was
    /// cancelled), so it frees the device at once instead of finishing the candidate for nobody. The slot stays taken
    /// until the evaluator answers it. Best effort: a stream that is gone takes its jobs with it.
    /// </summary>
    public async Task CancelAsync(string requestId)
    {
        if (!_alive || !_pending.ContainsKey(requestId))
            return;
        try
        {
            await _writes.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await _call.RequestStream.WriteAsync(new EvaluateRequest { Cancel = new CancelCandidate { RequestId = requestId } }, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _writes.Release();
            }
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The stream is gone, and its jobs with it.
        }
    }

    /// <summary>Reads answers until the stream ends (returns) or fails (throws).</summary>
    public async Task ReadAsync()
    {
        await foreach (var response in _call.ResponseStream.ReadAllAsync(_abort.Token).ConfigureAwait(false))
        {
            string? id = response.KindCase switch
            {
                EvaluateResponse.KindOneofCase.Result => response.Result.RequestId,
                EvaluateResponse.KindOneofCase.Failure => response.Failure.RequestId,
                _ => null,
            };
            if (id is not null && _pending.TryRemove(id, out var answer))
            {
                _slots.Release();
                answer.TrySetResult(response);
            }
        }
    }

    /// <summary>Ends the stream for good: every outstanding candidate fails with <paramref name="reason"/>.</summary>
    public void Fail(Exception reason)
    {
        _alive = false;
        foreach (string id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var answer))
                answer.TrySetException(reason);
        }
        Cancel();
    }

    /// <summary>Cancels the call (the read loop ends, and the endpoint fails its outstanding candidates).</summary>
    public void Abort(string reason)
    {
        AbortReason ??= reason;
        _alive = false;
        Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        _alive = false;
        try
        {
            await _call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or OperationCanceledException)
        {
            // The stream is already gone.
        }
        Cancel();
        _call.Dispose();
        _abort.Dispose();
        _slots.Dispose();
        _writes.Dispose();
    }

    private void Cancel()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }

    private void Forget(string requestId)
    {
        if (_pending.TryRemove(requestId, out _))
            _slots.Release();
    }
}
