using System.Security.Cryptography;

namespace Flexiffusion.Orchestration.Persistence;

/// <summary>
/// Leases within one process (the default, for the in-memory and directory stores): with one holder every lease is
/// granted. <see cref="WithOwner"/> gives other holders over the same leases, e.g. a second manager in a test; leases
/// expire on the injected clock.
/// </summary>
public sealed class InMemorySearchLeases : ISearchLeases
{
    /// <summary>The lease duration when none is given. 30 s.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, (string Owner, DateTimeOffset Expires)> _leases;
    private readonly TimeProvider _time;

    /// <summary>Leases of their own, held by a new random owner.</summary>
    /// <param name="timeProvider">The clock leases expire on.</param>
    /// <param name="ttl">How long a lease lasts without renewal (default <see cref="DefaultTtl"/>).</param>
    public InMemorySearchLeases(TimeProvider? timeProvider = null, TimeSpan? ttl = null)
        : this([], NewOwner(), timeProvider ?? TimeProvider.System, ttl ?? DefaultTtl)
    {
    }

    private InMemorySearchLeases(Dictionary<string, (string, DateTimeOffset)> leases, string owner, TimeProvider time, TimeSpan ttl)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        _leases = leases;
        Owner = owner;
        _time = time;
        Ttl = ttl;
    }

    /// <inheritdoc />
    public string Owner { get; }

    /// <inheritdoc />
    public TimeSpan Ttl { get; }

    /// <summary>Another holder of the same leases.</summary>
    public InMemorySearchLeases WithOwner(string owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return new InMemorySearchLeases(_leases, owner, _time, Ttl);
    }

    /// <inheritdoc />
    public ValueTask<bool> TryAcquireAsync(string searchId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        lock (_leases)
        {
            if (_leases.TryGetValue(searchId, out var held) && held.Owner != Owner && held.Expires > now)
                return ValueTask.FromResult(false);
            _leases[searchId] = (Owner, now + Ttl);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(string searchId, CancellationToken cancellationToken)
    {
        lock (_leases)
        {
            if (_leases.TryGetValue(searchId, out var held) && held.Owner == Owner)
                _leases.Remove(searchId);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<string?> HolderAsync(string searchId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        lock (_leases)
            return ValueTask.FromResult(_leases.TryGetValue(searchId, out var held) && held.Expires > now ? held.Owner : null);
    }

    /// <summary>A random holder id: the host name and a random suffix.</summary>
    public static string NewOwner() => $"{Environment.MachineName}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
}
