using Grpc.Core;

namespace Flexiffusion.Controller.Evaluators;

public sealed partial class EvaluatorPool
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    private async Task DispatchLoopAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(Tick, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            foreach (var (item, endpoint, connection) in Assign())
                _ = RunAsync(item, endpoint, connection);
        }
    }

    /// <summary>
    /// Pairs queued candidates (first come, first served) with leased slots on the evaluator with the
    /// most free slots; fails candidates that waited longer than the call timeout with no evaluator available.
    /// </summary>
    private List<(WorkItem, EvaluatorEndpoint, EvaluatorConnection)> Assign()
    {
        var assigned = new List<(WorkItem, EvaluatorEndpoint, EvaluatorConnection)>();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_endpoints.Values.Any(e => e.IsAvailable))
                _lastAvailable = now;
            while (_queue.First is { } first)
            {
                var item = first.Value;
                if (item.IsDone)
                {
                    _queue.RemoveFirst();
                    continue;
                }
                var endpoint = _endpoints.Values
                    .Select(e => (Endpoint: e, Free: e.FreeSlots))
                    .Where(e => e.Free > 0)
                    .OrderByDescending(e => e.Free)
                    .ThenBy(e => e.Endpoint.Address, StringComparer.Ordinal)
                    .Select(e => e.Endpoint)
                    .FirstOrDefault();
                if (endpoint is null || !endpoint.TryLease(out var connection))
                    break;
                _queue.RemoveFirst();
                item.Dispatches++;
                assigned.Add((item, endpoint, connection));
            }
            if (now - _lastAvailable > _options.CallTimeout)
                Starve(now);
        }
        return assigned;
    }

    private void Starve(DateTimeOffset now)
    {
        foreach (var item in _queue.Where(i => now - i.QueuedAt > _options.CallTimeout))
        {
            item.Fail(new TimeoutException(
                $"no evaluator was available for {_options.CallTimeout} to score '{item.Text}' (evaluators: {string.Join(", ", _endpoints.Keys.Order(StringComparer.Ordinal))})"));
        }
    }

    private async Task RunAsync(WorkItem item, EvaluatorEndpoint endpoint, EvaluatorConnection connection)
    {
        long started = _time.GetTimestamp();
        try
        {
            var result = await endpoint.EvaluateAsync(item, connection, item.Token).ConfigureAwait(false);
            _metrics.Evaluated(result.EvaluatorId ?? endpoint.Address, _time.GetElapsedTime(started));
            item.Complete(result);
        }
        catch (OperationCanceledException) when (item.Token.IsCancellationRequested)
        {
            // The batch is gone; the item's registration has completed it as cancelled.
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            item.Fail(new InvalidOperationException($"evaluator {endpoint.Address} rejected candidate '{item.Text}': {e.Status.Detail}", e));
        }
        catch (Exception e)
        {
            if (item.Dispatches >= _options.MaxDispatches)
            {
                item.Fail(new InvalidOperationException(
                    $"candidate '{item.Text}' failed on {item.Dispatches} evaluator dispatches; the last, on {endpoint.Address}: {e.Message}", e));
            }
            else
            {
                EndpointLog.Redispatch(_logger, e, item.Text, endpoint.Address, item.Dispatches);
                Requeue(item);
            }
        }
        finally
        {
            Signal();
        }
    }

    /// <summary>Back to the front of the queue: it was first in line before.</summary>
    private void Requeue(WorkItem item)
    {
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                item.Fail(new OperationCanceledException("the evaluator pool is shutting down"));
                return;
            }
            item.QueuedAt = _time.GetUtcNow();
            _queue.AddFirst(item);
        }
    }
}
