using System.Threading.Channels;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>
/// The candidates waiting for one model, first come first served: the evaluators serving the model pull from it as
/// their slots free up. While no evaluator serves the model, candidates wait for one (<see cref="IsWaiting"/>; the
/// pool is told when that starts and ends); with a <c>limit</c>, a candidate waits at most that long (counted from when
/// it was queued or when the last evaluator left, whichever is later), then fails with a <see cref="TimeoutException"/>.
/// A cancelled candidate leaves the queue.
/// </summary>
internal sealed class ModelQueue : IDisposable
{
    private readonly Channel<WorkItem> _items = Channel.CreateUnbounded<WorkItem>();
    private readonly TimeSpan _limit;
    private readonly TimeProvider _time;
    private readonly Func<string> _evaluators;
    private readonly Action<ModelQueue>? _waitingChanged;
    private readonly Lock _lock = new();
    private int _servers;
    private DateTimeOffset _unservedSince;
    private ITimer? _timer;
    private bool _waiting;
    private bool _closed;
    private int _removalScheduled;

    /// <param name="model">The model.</param>
    /// <param name="limit">The longest a candidate waits while no evaluator serves the model; zero: no limit.</param>
    /// <param name="time">The clock.</param>
    /// <param name="evaluators">The pool's evaluators in words, for the timeout's message.</param>
    /// <param name="waitingChanged">Called, outside the queue's lock, after <see cref="IsWaiting"/> changed.</param>
    public ModelQueue(ModelKey model, TimeSpan limit, TimeProvider time, Func<string> evaluators, Action<ModelQueue>? waitingChanged = null)
    {
        Model = model;
        _limit = limit;
        _time = time;
        _evaluators = evaluators;
        _waitingChanged = waitingChanged;
        _unservedSince = time.GetUtcNow();
    }

    public ModelKey Model { get; }

    public ChannelReader<WorkItem> Reader => _items.Reader;

    /// <summary>Candidates waiting.</summary>
    public int Count => _items.Reader.Count;

    /// <summary>Whether candidates wait and no evaluator serves the model.</summary>
    public bool IsWaiting
    {
        get
        {
            lock (_lock)
                return _waiting;
        }
    }

    /// <summary>Queues a candidate (again, after a failed dispatch).</summary>
    public void Enqueue(WorkItem item)
    {
        item.QueuedAt = _time.GetUtcNow();
        if (item.LeaveWhenCancelled is null && item.Token.CanBeCanceled)
            item.LeaveWhenCancelled = item.Token.Register(static q => ((ModelQueue)q!).ScheduleRemoval(), this);
        if (!_items.Writer.TryWrite(item))
        {
            item.Fail(new OperationCanceledException("the evaluator pool is shutting down"));
            return;
        }
        bool changed;
        lock (_lock)
        {
            if (_servers == 0)
                Arm(_limit);
            changed = UpdateWaiting();
        }
        Notify(changed);
        if (item.Token.IsCancellationRequested)
            ScheduleRemoval();
    }

    /// <summary>An evaluator serving the model started (true) or stopped (false) taking candidates.</summary>
    public void Served(bool joined)
    {
        bool changed;
        lock (_lock)
        {
            _servers += joined ? 1 : -1;
            if (_servers > 0)
            {
                Disarm();
            }
            else
            {
                _unservedSince = _time.GetUtcNow();
                if (_items.Reader.Count > 0)
                    Arm(_limit);
            }
            changed = UpdateWaiting();
        }
        Notify(changed);
    }

    /// <summary>Fails every waiting candidate (the pool is shutting down).</summary>
    public void Close()
    {
        bool changed;
        lock (_lock)
        {
            _closed = true;
            _items.Writer.TryComplete();
            while (_items.Reader.TryRead(out var item))
                item.Fail(new OperationCanceledException("the evaluator pool is shutting down"));
            Disarm();
            changed = UpdateWaiting();
        }
        Notify(changed);
    }

    public void Dispose() => Close();

    /// <summary>Removes the cancelled candidates soon, on the thread pool (a batch's candidates are cancelled together).</summary>
    private void ScheduleRemoval()
    {
        if (Interlocked.Exchange(ref _removalScheduled, 1) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(static q => q.RemoveCancelled(), this, preferLocal: false);
    }

    private void RemoveCancelled()
    {
        Volatile.Write(ref _removalScheduled, 0);
        bool changed;
        lock (_lock)
        {
            Keep(item => !item.IsDone && !item.Token.IsCancellationRequested);
            changed = UpdateWaiting();
        }
        Notify(changed);
    }

    /// <summary>Takes every queued candidate out and puts back, in order, those <paramref name="keep"/> accepts; under the lock.</summary>
    private List<WorkItem> Keep(Func<WorkItem, bool> keep)
    {
        var kept = new List<WorkItem>();
        while (_items.Reader.TryRead(out var item))
        {
            if (keep(item))
                kept.Add(item);
        }
        foreach (var item in kept)
        {
            if (!_items.Writer.TryWrite(item))
                item.Fail(new OperationCanceledException("the evaluator pool is shutting down"));
        }
        return kept;
    }

    /// <summary>Recomputes <see cref="_waiting"/> under the lock; true when it changed.</summary>
    private bool UpdateWaiting()
    {
        bool waiting = !_closed && _servers == 0 && _items.Reader.Count > 0;
        if (waiting == _waiting)
            return false;
        _waiting = waiting;
        return true;
    }

    private void Notify(bool changed)
    {
        if (changed)
            _waitingChanged?.Invoke(this);
    }

    private void Arm(TimeSpan due)
    {
        if (_limit > TimeSpan.Zero && _timer is null)
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
        bool changed;
        lock (_lock)
        {
            Disarm();
            if (_servers > 0)
                return;
            var now = _time.GetUtcNow();
            var kept = Keep(item =>
            {
                if (item.IsDone)
                    return false;
                var since = item.QueuedAt > _unservedSince ? item.QueuedAt : _unservedSince;
                if (now - since < _limit)
                    return true;
                item.Fail(new TimeoutException(
                    $"no evaluator serving model '{Model.Name}' was available for {_limit} (Controller:NoEvaluatorTimeout) to score '{item.Text}' (evaluators: {_evaluators()})"));
                return false;
            });
            if (kept.Count > 0)
            {
                var earliest = kept.Min(i => i.QueuedAt > _unservedSince ? i.QueuedAt : _unservedSince);
                var due = earliest + _limit - now;
                Arm(due > TimeSpan.FromMilliseconds(1) ? due : TimeSpan.FromMilliseconds(1));
            }
            changed = UpdateWaiting();
        }
        Notify(changed);
    }
}
