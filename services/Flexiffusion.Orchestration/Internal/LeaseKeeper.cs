using Flexiffusion.Orchestration.Persistence;
using Microsoft.Extensions.Logging;

namespace Flexiffusion.Orchestration.Internal;

/// <summary>
/// The leases a manager holds. Each is renewed a third of its time-to-live after it was last confirmed (counted from when
/// the confirming call was made, so a slow answer brings the next renewal forward), and is given up as lost the moment the
/// store says another process holds it, or once it has gone unconfirmed for <see cref="Limit"/> (the store did not
/// answer, not even a last renewal at the deadline). The limit is one renewal period short of the lease's expiry, so a
/// search has stopped here before another process can take its lease.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly ISearchLeases _leases;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<string, bool> _lost;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Held> _held = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _calls = new(1, 1);
    private readonly CancellationTokenSource _stop = new();

    /// <param name="leases">Where leases are taken.</param>
    /// <param name="time">The clock of renewals and limits.</param>
    /// <param name="logger">Logs renewal trouble.</param>
    /// <param name="lost">Called (outside any lock) with a search's id when its lease is lost: true when it lapsed unconfirmed, false when another holds it.</param>
    public LeaseKeeper(ISearchLeases leases, TimeProvider time, ILogger logger, Action<string, bool> lost)
    {
        if (leases.Ttl <= TimeSpan.Zero)
            throw new ArgumentException($"the lease time-to-live must be > 0 (got {leases.Ttl})", nameof(leases));
        _leases = leases;
        _time = time;
        _logger = logger;
        _lost = lost;
    }

    /// <summary>How long after its last confirmation a lease is renewed: a third of its time-to-live.</summary>
    public TimeSpan Period => _leases.Ttl / 3;

    /// <summary>How long a lease may go unconfirmed before its search is stopped.</summary>
    public TimeSpan Limit => _leases.Ttl - Period;

    /// <summary>This process's holder id.</summary>
    public string Owner => _leases.Owner;

    /// <summary>Whether the lease of <paramref name="id"/> is held (and not lost).</summary>
    public bool Holds(string id)
    {
        lock (_lock)
            return _held.ContainsKey(id);
    }

    /// <summary>Takes (or extends) the lease of <paramref name="id"/>; false when another process holds it.</summary>
    /// <exception cref="Exception">The lease store does not answer.</exception>
    public async ValueTask<bool> TryAcquireAsync(string id, CancellationToken cancellationToken)
    {
        var asked = _time.GetUtcNow();
        if (!await _leases.TryAcquireAsync(id, cancellationToken).ConfigureAwait(false))
            return false;
        lock (_lock)
        {
            if (_held.TryGetValue(id, out var held))
                Confirm(held, asked);
            else
                _held[id] = NewHeld(id, asked);
        }
        return true;
    }

    /// <summary>
    /// Counts a lease as held that the store could not be asked for: only for a search with a fresh random id, whose lease
    /// no other process can hold. Renewals take it once the store answers; unconfirmed, it lapses after <see cref="Limit"/>.
    /// </summary>
    public void Assume(string id)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_held.ContainsKey(id))
                _held[id] = NewHeld(id, now);
        }
    }

    /// <summary>The holder of the lease of <paramref name="id"/>, or null when free or unknown (the store does not answer).</summary>
    public async ValueTask<string?> HolderAsync(string id)
    {
        try
        {
            return await _leases.HolderAsync(id, CancellationToken.None).AsTask().WaitAsync(Limit, _time).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Gives up the lease of <paramref name="id"/> when held; a store that does not answer lets it expire.</summary>
    public async Task ReleaseAsync(string id)
    {
        // Never while a renewal of it is under way: that renewal would take it again.
        await _calls.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!Forget(id))
                return;
            await _leases.ReleaseAsync(id, CancellationToken.None).AsTask().WaitAsync(Period, _time).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LeaseNotReleased(e, id, _leases.Ttl);
        }
        finally
        {
            _calls.Release();
        }
    }

    /// <summary>Gives up every held lease, waiting at most one renewal period for the store (the rest expire by themselves).</summary>
    public async Task ReleaseAllAsync()
    {
        string[] ids;
        lock (_lock)
            ids = [.. _held.Keys];
        try
        {
            await Task.WhenAll(ids.Select(ReleaseAsync)).WaitAsync(Period, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Not released in time: they expire after their time-to-live.
        }
    }

    /// <summary>The store refused a write for <paramref name="id"/>: its lease is held by another process.</summary>
    public void Refused(string id)
    {
        if (Forget(id))
            _lost(id, false);
    }

    /// <summary>Renews every held lease now (tests; leases renew by themselves).</summary>
    public Task RenewAsync()
    {
        List<(string Id, Held Held)> held;
        lock (_lock)
            held = [.. _held.Select(h => (h.Key, h.Value))];
        return Task.WhenAll(held.Select(h => RenewOneAsync(h.Id, h.Held)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        lock (_lock)
        {
            foreach (var held in _held.Values)
                held.Dispose();
            _held.Clear();
        }
    }

    private Task RenewOneAsync(string id, Held held) => RenewOneAsync(id, held, Limit);

    /// <summary>Renews one lease, waiting at most <paramref name="bound"/> for the answer; true when it was confirmed.</summary>
    private async Task<bool> RenewOneAsync(string id, Held held, TimeSpan bound)
    {
        try
        {
            await _calls.WaitAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        try
        {
            lock (_lock)
            {
                if (!IsCurrent(id, held))
                    return false;
            }
            var asked = _time.GetUtcNow();
            bool ours;
            try
            {
                // A slow answer still confirms the lease from when it was asked; the deadline stops the search meanwhile if need be.
                ours = await _leases.TryAcquireAsync(id, _stop.Token).AsTask().WaitAsync(bound, _time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e)
            {
                Failed(id, held, e);
                return false;
            }
            if (!ours)
            {
                Refused(id);
                return false;
            }
            lock (_lock)
            {
                if (!IsCurrent(id, held))
                    return false;
                Confirm(held, asked);
                return true;
            }
        }
        finally
        {
            _calls.Release();
        }
    }

    /// <summary>A renewal failed: tried again soon; the deadline decides whether the search goes on meanwhile.</summary>
    private void Failed(string id, Held held, Exception error)
    {
        bool first;
        lock (_lock)
        {
            if (!IsCurrent(id, held))
                return;
            first = !held.Failing;
            held.Failing = true;
            held.Renewal.Change(Period / 2, Timeout.InfiniteTimeSpan);
        }
        if (first)
            _logger.LeaseNotRenewed(error, id, Limit);
    }

    private Held NewHeld(string id, DateTimeOffset asked)
    {
        var held = new Held { Confirmed = asked };
        held.Deadline = _time.CreateTimer(_ => _ = LapseAsync(id, held), null, Until(asked + Limit), Timeout.InfiniteTimeSpan);
        held.Renewal = _time.CreateTimer(_ => _ = RenewOneAsync(id, held), null, Until(asked + Period), Timeout.InfiniteTimeSpan);
        return held;
    }

    private void Confirm(Held held, DateTimeOffset asked)
    {
        if (asked <= held.Confirmed)
            return;
        held.Confirmed = asked;
        held.Failing = false;
        held.Deadline.Change(Until(asked + Limit), Timeout.InfiniteTimeSpan);
        held.Renewal.Change(Until(asked + Period), Timeout.InfiniteTimeSpan);
    }

    private TimeSpan Until(DateTimeOffset moment)
    {
        var left = moment - _time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private bool IsCurrent(string id, Held held) => _held.TryGetValue(id, out var current) && current == held;

    /// <summary>
    /// The deadline came without a confirmation. Timers fire late when this process was stalled (and then it ran nothing
    /// either), so one last renewal, answered before the lease could expire, keeps the search; otherwise it stops.
    /// </summary>
    private async Task LapseAsync(string id, Held held)
    {
        TimeSpan left;
        lock (_lock)
        {
            if (!IsCurrent(id, held))
                return;
            if (_time.GetUtcNow() - held.Confirmed < Limit)
            {
                // Confirmed meanwhile, or a timer that fired a little early: wait for the deadline proper.
                held.Deadline.Change(Until(held.Confirmed + Limit), Timeout.InfiniteTimeSpan);
                return;
            }
            left = held.Confirmed + _leases.Ttl - _time.GetUtcNow();
        }
        // Waiting at most half the time left keeps a margin for the search to stop before the lease could expire.
        if (await RenewOneAsync(id, held, left > TimeSpan.Zero ? left / 2 : Period / 2).ConfigureAwait(false))
            return;
        lock (_lock)
        {
            if (!IsCurrent(id, held) || _time.GetUtcNow() - held.Confirmed < Limit)
                return;
            _held.Remove(id);
            held.Dispose();
        }
        _logger.LeaseLapsed(id, Limit);
        _lost(id, true);
    }

    private bool Forget(string id)
    {
        lock (_lock)
        {
            if (!_held.Remove(id, out var held))
                return false;
            held.Dispose();
            return true;
        }
    }

    private sealed class Held : IDisposable
    {
        public DateTimeOffset Confirmed { get; set; }

        public bool Failing { get; set; }

        public ITimer Deadline { get; set; } = null!;

        public ITimer Renewal { get; set; } = null!;

        public void Dispose()
        {
            Deadline.Dispose();
            Renewal.Dispose();
        }
    }
}
