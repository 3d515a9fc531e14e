namespace Flexiffusion.Controller.Tests.TestSupport;

/// <summary>
/// The system clock, except that a timer set to fire after exactly <paramref name="deadline"/> (the
/// controller's per-candidate call timeout) fires only when the test calls <see cref="Expire"/>. So a
/// candidate's deadline passes when the test says so, never because a loaded machine was slow, while
/// health checks, retries and the pool's waiting limits run on real time.
/// </summary>
/// <remarks>
/// The resilience pipeline's timeout takes a pooled cancellation source, created with an infinite timer
/// and armed per call through <see cref="ITimer.Change"/>: the deadline is recognised there too.
/// </remarks>
internal sealed class DeadlineClock(TimeSpan deadline) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<DeadlineTimer> _timers = [];

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow();

    public override long GetTimestamp() => System.GetTimestamp();

    public override long TimestampFrequency => System.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    /// <summary>Deadline timers armed now.</summary>
    public int Armed
    {
        get
        {
            lock (_lock)
                return _timers.Count(t => t.IsArmed);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != deadline && dueTime != Timeout.InfiniteTimeSpan)
            return System.CreateTimer(callback, state, dueTime, period);
        var timer = new DeadlineTimer(deadline, callback, state, System.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        timer.Change(dueTime, period);
        lock (_lock)
        {
            _timers.RemoveAll(t => t.IsDisposed);
            _timers.Add(timer);
        }
        return timer;
    }

    /// <summary>Fires every armed deadline timer: the calls waiting on them time out.</summary>
    public void Expire()
    {
        List<DeadlineTimer> armed;
        lock (_lock)
            armed = [.. _timers.Where(t => t.IsArmed)];
        foreach (var timer in armed)
            timer.Fire();
    }

    /// <summary>A system timer for any other due time; for the deadline, disarmed on the system clock and fired by the test.</summary>
    private sealed class DeadlineTimer(TimeSpan deadline, TimerCallback callback, object? state, ITimer system) : ITimer
    {
        private int _armed;
        private int _disposed;

        public bool IsArmed => Volatile.Read(ref _armed) == 1;

        public bool IsDisposed => Volatile.Read(ref _disposed) == 1;

        public void Fire()
        {
            if (Interlocked.Exchange(ref _armed, 0) == 1)
                callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            bool isDeadline = dueTime == deadline;
            Volatile.Write(ref _armed, isDeadline ? 1 : 0);
            return system.Change(isDeadline ? Timeout.InfiniteTimeSpan : dueTime, isDeadline ? Timeout.InfiniteTimeSpan : period);
        }

        public void Dispose()
        {
            Volatile.Write(ref _armed, 0);
            Volatile.Write(ref _disposed, 1);
            system.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            Volatile.Write(ref _armed, 0);
            Volatile.Write(ref _disposed, 1);
            await system.DisposeAsync();
        }
    }
}
