using System.Threading.Channels;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>
/// The candidates waiting for one model, first come first served: the evaluators serving the model pull from it as
/// their slots free up. While no evaluator serves the model, a candidate waits at most <c>limit</c> (counted from
/// when it was queued or when the last evaluator left, whichever is later), then fails with a
/// <see cref="TimeoutException"/>.
/// </summary>
internal sealed class ModelQueue : IDisposable
{
    private readonly Channel<WorkItem> _items = Channel.CreateUnbounded<WorkItem>();
    private readonly TimeSpan _limit;
    private readonly TimeProvider _time;
    private readonly Func<string> _evaluators;
    private readonly Lock _lock = new();
    private int _servers;
    private DateTimeOffset _unservedSince;
    private ITimer? _timer;

    /// <param name="model">The model.</param>
    /// <param name="limit">The longest a candidate waits while no evaluator serves the model.</param>
    /// <param name="time">The clock.</param>
    /// <param name="evaluators">The pool's evaluators in words, for the timeout's message.</param>
    public ModelQueue(ModelKey model, TimeSpan limit, TimeProvider time, Func<string> evaluators)
    {
        Model = model;
        _limit = limit;
        _time = time;
        _evaluators = evaluators;
        _unservedSince = time.GetUtcNow();
    }

    public ModelKey Model { get; }

    public ChannelReader<WorkItem> Reader => _items.Reader;

    /// <summary>Candidates waiting.</summary>
    public int Count => _items.Reader.Count;

    /// <summary>Queues a candidate (again, after a failed dispatch).</summary>
    public void Enqueue(WorkItem item)
    {
        item.QueuedAt = _time.GetUtcNow();
        if (!_items.Writer.TryWrite(item))
        {
            item.Fail(new OperationCanceledException("the evaluator pool is shutting down"));
            return;
        }
        lock (_lock)
        {
            if (_servers == 0)
                Arm(_limit);
        }
    }

    /// <summary>An evaluator serving the model started (true) or stopped (false) taking candidates.</summary>
    public void Served(bool joined)
    {
        lock (_lock)
        {
            _servers += joined ? 1 : -1;
            if (_servers > 0)
            {
                Disarm();
                return;
            }
            _unservedSince = _time.GetUtcNow();
            if (_items.Reader.Count > 0)
                Arm(_limit);
        }
    }

    /// <summary>Fails every waiting candidate (the pool is shutting down).</summary>
    public void Close()
    {
        _items.Writer.TryComplete();
        while (_items.Reader.TryRead(out var item))
            item.Fail(new OperationCanceledException("the evaluator pool is shutting down"));
        lock (_lock)
            Disarm();
    }

    public void Dispose() => Close();

    private void Arm(TimeSpan due)
    {
        if (_timer is null)
            _timer = _time.CreateTimer(_ => Expire(), null, due, Timeout.InfiniteTimeSpan);
    }

    private void Disarm()
    {
        _timer?.Dispose();
        _timer = null;
    }

    /// <summary>Fails the candidates that waited too long without an evaluator; the others go back in order.</summary>
    private void Expire()
    {
        lock (_lock)
        {
            Disarm();
            if (_servers > 0)
                return;
            var now = _time.GetUtcNow();
            var kept = new List<WorkItem>();
            while (_items.Reader.TryRead(out var item))
            {
                if (item.IsDone)
                    continue;
                var since = item.QueuedAt > _unservedSince ? item.QueuedAt : _unservedSince;
                if (now - since >= _limit)
                {
                    item.Fail(new TimeoutException(
                        $"no evaluator serving model '{Model.Name}' was available for {_limit} to score '{item.Text}' (evaluators: {_evaluators()})"));
                }
                else
                {
                    kept.Add(item);
                }
            }
            foreach (var item in kept)
                _items.Writer.TryWrite(item);
            if (kept.Count > 0)
            {
                var earliest = kept.Min(i => i.QueuedAt > _unservedSince ? i.QueuedAt : _unservedSince);
                var due = earliest + _limit - now;
                Arm(due > TimeSpan.FromMilliseconds(1) ? due : TimeSpan.FromMilliseconds(1));
            }
        }
    }
}
