using System.Collections.Concurrent;
using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Search.Evaluation;
using Grpc.Core;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>
/// One live bidirectional <c>Evaluate</c> stream to an evaluator. A slot is leased before a candidate
/// is sent and released only when the evaluator answers it (or the stream dies), so the evaluator
/// never has more than its announced capacity outstanding — even after the caller stopped waiting.
/// </summary>
internal sealed class EvaluatorConnection : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<EvaluateRequest, EvaluateResponse> _call;
    private readonly CancellationTokenSource _abort;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<EvaluateResponse>> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly Lock _lock = new();
    private int _leases;
    private volatile bool _alive = true;

    public EvaluatorConnection(string address, AsyncDuplexStreamingCall<EvaluateRequest, EvaluateResponse> call, CancellationTokenSource abort, Ready ready,
        IReadOnlySet<ModelKey> models)
    {
        Address = address;
        Models = models;
        _call = call;
        _abort = abort;
        Capacity = Math.Max(1, ready.Capacity);
        EvaluatorId = string.IsNullOrEmpty(ready.EvaluatorId) ? address : ready.EvaluatorId;
    }

    public string Address { get; }

    /// <summary>Candidates the evaluator accepts at once (its Ready message).</summary>
    public int Capacity { get; }

    public string EvaluatorId { get; }

    /// <summary>The models the evaluator serves, read when the stream opened.</summary>
    public IReadOnlySet<ModelKey> Models { get; }

    public bool IsAlive => _alive;

    /// <summary>Why <see cref="Abort"/> ended the stream (the pool's own decision, not a failure); null otherwise.</summary>
    public string? AbortReason { get; private set; }

    /// <summary>Slots leased: candidates about to be sent or sent and not yet answered.</summary>
    public int Leases
    {
        get
        {
            lock (_lock)
                return _leases;
        }
    }

    public int FreeSlots
    {
        get
        {
            lock (_lock)
                return _alive ? Capacity - _leases : 0;
        }
    }

    public bool TryLease()
    {
        lock (_lock)
        {
            if (!_alive || _leases >= Capacity)
                return false;
            _leases++;
            return true;
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            if (_leases > 0)
                _leases--;
        }
    }

    /// <summary>Sends a candidate on a leased slot and waits for its answer; cancelling the wait keeps the slot until the evaluator answers.</summary>
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

    /// <summary>Reads answers until the stream ends (returns) or fails (throws); <paramref name="answered"/> runs after each freed slot.</summary>
    public async Task ReadAsync(Action answered)
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
                Release();
                answer.TrySetResult(response);
                answered();
            }
        }
    }

    /// <summary>Ends the stream now: every outstanding candidate fails with <paramref name="reason"/> and its slot is freed.</summary>
    public void Fail(Exception reason)
    {
        _alive = false;
        foreach (string id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var answer))
                answer.TrySetException(reason);
        }
        lock (_lock)
            _leases = 0;
    }

    /// <summary>Cancels the call (the read loop ends, and the endpoint fails its outstanding candidates).</summary>
    public void Abort(string reason)
    {
        AbortReason ??= reason;
        _alive = false;
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
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
        await _abort.CancelAsync().ConfigureAwait(false);
        _call.Dispose();
        _abort.Dispose();
    }

    private void Forget(string requestId)
    {
        if (_pending.TryRemove(requestId, out _))
            Release();
    }
}
