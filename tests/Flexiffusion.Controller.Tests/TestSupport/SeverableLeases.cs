using Flexiffusion.Orchestration.Persistence;

namespace Flexiffusion.Controller.Tests.TestSupport;

/// <summary>Real leases seen through a link that can fail: while <see cref="Severed"/>, every call throws as an unreachable Redis does.</summary>
public sealed class SeverableLeases(ISearchLeases inner) : ISearchLeases
{
    private volatile bool _severed;

    public bool Severed
    {
        get => _severed;
        set => _severed = value;
    }

    public string Owner => inner.Owner;

    public TimeSpan Ttl => inner.Ttl;

    public ValueTask<bool> TryAcquireAsync(string searchId, CancellationToken cancellationToken)
    {
        Check();
        return inner.TryAcquireAsync(searchId, cancellationToken);
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
            throw new IOException("Redis does not answer");
    }
}
