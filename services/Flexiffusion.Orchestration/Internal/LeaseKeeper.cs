using Flexiffusion.Orchestration.Persistence;
using Microsoft.Extensions.Logging;

namespace Flexiffusion.Orchestration.Internal;

/// <summary>
/// The leases a manager holds: renewed every third of their time-to-live, and given up as lost the moment the store says
/// another process holds one, or once one has gone unconfirmed for <see cref="Limit"/> (the store did not answer). The
/// limit is one renewal period short of the lease's expiry, so a search has stopped here before another process can take
/// its lease.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly ISearchLeases _leases;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<string, bool> _lost;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Held> _held = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _round = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="leases">Where leases are taken.</param>
    /// <param name="time">The clock of renewals and limits.</param>
    /// <param name="logger">Logs renewal trouble.</param>
    /// <param name="lost">Called (outside any lock) with a search's id when its lease is lost: true when it lapsed unconfirmed, false when another holds it.</param>
    public LeaseKeeper(ISearchLeases leases, TimeProvider time, ILogger logger, Action<string, bool> lost)
    {
        _leases = leases;
        _time = time;
        _logger = logger;
        _lost = lost;
        if (leases.Ttl <= TimeSpan.Zero)
            throw new ArgumentException($"the lease time-to-live must be > 0 (got {leases.Ttl})", nameof(leases));
        _loop = RenewLoopAsync();
    }

    /// <summary>How often held leases are renewed: a third of their time-to-live.</summary>
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
            return await _leases.HolderAsync(id, CancellationToken.None).AsTask().WaitAsync(Period, _time).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Gives up the lease of <paramref name="id"/> when held; a store that does not answer lets it expire.</summary>
    public async Task ReleaseAsync(string id)
    {
        await _round.WaitAsync().ConfigureAwait(false);
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
            _round.Release();
        }
    }

    /// <summary>Gives up every held lease.</summary>
    public Task ReleaseAllAsync()
    {
        string[] ids;
        lock (_lock)
            ids = [.. _held.Keys];
        return Task.WhenAll(ids.Select(ReleaseAsync));
    }

    /// <summary>The store refused a write for <paramref name="id"/>: its lease is held by another process.</summary>
    public void Refused(string id)
    {
        if (Forget(id))
            _lost(id, false);
    }

    /// <summary>Renews every held lease once (the loop's work; tests call it directly).</summary>
    public async Task RenewAsync()
    {
        await _round.WaitAsync(_stop.Token).ConfigureAwait(false);
        try
        {
            string[] ids;
            lock (_lock)
                ids = [.. _held.Keys];
            await Task.WhenAll(ids.Select(RenewOneAsync)).ConfigureAwait(false);
        }
        finally
        {
            _round.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        lock (_lock)
        {
            foreach (var held in _held.Values)
                held.Deadline.Dispose();
            _held.Clear();
        }
    }

    private async Task RenewLoopAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(Period, _time, _stop.Token).ConfigureAwait(false);
                await RenewAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task RenewOneAsync(string id)
    {
        var asked = _time.GetUtcNow();
        bool ours;
        try
        {
            ours = await _leases.TryAcquireAsync(id, _stop.Token).AsTask().WaitAsync(Period, _time, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            // The deadline decides: the search goes on until the lease could have expired.
            bool first;
            lock (_lock)
            {
                if (!_held.TryGetValue(id, out var held))
                    return;
                first = !held.Failing;
                held.Failing = true;
            }
            if (first)
                _logger.LeaseNotRenewed(e, id, Limit);
            return;
        }
        if (!ours)
        {
            Refused(id);
            return;
        }
        lock (_lock)
        {
            if (_held.TryGetValue(id, out var held))
                Confirm(held, asked);
        }
    }

    private Held NewHeld(string id, DateTimeOffset asked)
    {
        var held = new Held { Confirmed = asked };
        held.Deadline = _time.CreateTimer(_ => Lapse(id, held), null, Remaining(asked), Timeout.InfiniteTimeSpan);
        return held;
    }

    private void Confirm(Held held, DateTimeOffset asked)
    {
        if (asked <= held.Confirmed)
            return;
        held.Confirmed = asked;
        held.Failing = false;
        held.Deadline.Change(Remaining(asked), Timeout.InfiniteTimeSpan);
    }

    private TimeSpan Remaining(DateTimeOffset confirmed)
    {
        var left = confirmed + Limit - _time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private void Lapse(string id, Held held)
    {
        lock (_lock)
        {
            if (!_held.TryGetValue(id, out var current) || current != held)
                return;
            if (_time.GetUtcNow() - held.Confirmed < Limit)
            {
                // Confirmed meanwhile, or a timer that fired a little early: wait for the deadline proper.
                held.Deadline.Change(Remaining(held.Confirmed), Timeout.InfiniteTimeSpan);
                return;
            }
            _held.Remove(id);
            held.Deadline.Dispose();
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
            held.Deadline.Dispose();
            return true;
        }
    }

    private sealed class Held
    {
        public DateTimeOffset Confirmed { get; set; }

        public bool Failing { get; set; }

        public ITimer Deadline { get; set; } = null!;
    }
}
