using Flexiffusion.Search.Evaluation;
using Grpc.Core;
using Polly.CircuitBreaker;

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
            try
            {
                foreach (var (item, endpoint, connection) in Assign())
                    _ = RunAsync(item, endpoint, connection);
            }
            catch (Exception e)
            {
                EndpointLog.DispatcherFailed(_logger, e);
            }
        }
    }

    /// <summary>
    /// Pairs queued candidates (first come, first served) with leased slots on the evaluator with the
    /// most free slots among those serving the candidate's model; fails candidates that waited longer
    /// than the call timeout while no evaluator serving their model was available.
    /// </summary>
    private List<(WorkItem, EvaluatorEndpoint, EvaluatorConnection)> Assign()
    {
        var assigned = new List<(WorkItem, EvaluatorEndpoint, EvaluatorConnection)>();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var available = _endpoints.Values.Where(e => e.IsAvailable).ToList();
            var blocked = new HashSet<ModelKey>();
            for (var node = _queue.First; node is not null;)
            {
                var next = node.Next;
                var item = node.Value;
                if (item.IsDone)
                {
                    _queue.Remove(node);
                }
                else if (!blocked.Contains(item.ModelKey))
                {
                    if (available.Any(e => e.Serves(item.ModelKey)))
                        _lastServed[item.ModelKey] = now;
                    var endpoint = available
                        .Where(e => e.Serves(item.ModelKey))
                        .Select(e => (Endpoint: e, Free: e.FreeSlots))
                        .Where(e => e.Free > 0)
                        .OrderByDescending(e => e.Free)
                        .ThenBy(e => e.Endpoint.Address, StringComparer.Ordinal)
                        .Select(e => e.Endpoint)
                        .FirstOrDefault();
                    if (endpoint is not null && endpoint.TryLease(out var connection))
                    {
                        _queue.Remove(node);
                        item.Dispatches++;
                        assigned.Add((item, endpoint, connection));
                    }
                    else
                    {
                        // Later candidates of the same model must not overtake this one.
                        blocked.Add(item.ModelKey);
                        Starve(item, now);
                    }
                }
                node = next;
            }
        }
        return assigned;
    }

    private void Starve(WorkItem item, DateTimeOffset now)
    {
        var since = _lastServed.TryGetValue(item.ModelKey, out var served) && served > item.QueuedAt ? served : item.QueuedAt;
        if (now - since <= _options.CallTimeout)
            return;
        string model = item.ModelKey.Name;
        item.Fail(new TimeoutException(
            $"no evaluator serving model '{model}' was available for {_options.CallTimeout} to score '{item.Text}' (evaluators: {string.Join(", ", _endpoints.Keys.Order(StringComparer.Ordinal))})"));
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
                if (e is EndpointBusyException or BrokenCircuitException or EndpointUnavailableException)
                    EndpointLog.Requeued(_logger, item.Text, e.Message);
                else
                    EndpointLog.Redispatch(_logger, item.Text, endpoint.Address, item.Dispatches, e.Message);
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
