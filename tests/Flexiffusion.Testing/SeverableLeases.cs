using Flexiffusion.Orchestration.Persistence;

namespace Flexiffusion.Testing;

/// <summary>
/// Real leases seen through a link that can fail: while <see cref="Severed"/>, every call throws as an unreachable store
/// does; while <see cref="Denied"/>, the store answers that another process holds every lease (as Redis does for a lease
/// taken over).
/// </summary>
public sealed class SeverableLeases(ISearchLeases inner) : ISearchLeases
{
    private volatile bool _severed;
    private volatile bool _denied;

    public bool Severed
    {
        get => _severed;
        set => _severed = value;
    }

    public bool Denied
    {
        get => _denied;
        set => _denied = value;
    }

    public string Owner => inner.Owner;

    public TimeSpan Ttl => inner.Ttl;

    public ValueTask<bool> TryAcquireAsync(string searchId, CancellationToken cancellationToken)
    {
        Check();
        return _denied ? ValueTask.FromResult(false) : inner.TryAcquireAsync(searchId, cancellationToken);
    }

    public ValueTask ReleaseAsync(string searchId, CancellationToken cancellationToken)
    {
        Check();
        return inner.ReleaseAsync(searchId, cancellationToken);
    }

    public ValueTask<string?> HolderAsync(string searchId, CancellationToken cancellationToken)
    {
        Check();
        return inner.HolderAsync(searchId, cancellationToken);
    }

    private void Check()
    {
        if (_severed)
            throw new IOException("the lease store does not answer");
    }
}
