namespace Flexiffusion.Orchestration.Persistence;

/// <summary>
/// Who runs a search when several controllers share one store: a search runs only in the process holding its lease.
/// A lease expires after <see cref="Ttl"/> unless its holder renews it (the manager renews every third of it), so when a
/// controller dies another takes its searches over once their leases have expired — never before.
/// </summary>
public interface ISearchLeases
{
    /// <summary>This process's holder id (the value a lease holds).</summary>
    string Owner { get; }

    /// <summary>How long a lease lasts without renewal.</summary>
    TimeSpan Ttl { get; }

    /// <summary>Takes the lease of <paramref name="searchId"/> for <see cref="Ttl"/>, or extends it when this process holds it already.</summary>
    /// <returns>Whether this process holds the lease now; false when another holds it.</returns>
    /// <exception cref="Exception">The lease store does not answer (whether the lease is held is unknown).</exception>
    ValueTask<bool> TryAcquireAsync(string searchId, CancellationToken cancellationToken);

    /// <summary>Gives the lease up when this process holds it (never another's).</summary>
    ValueTask ReleaseAsync(string searchId, CancellationToken cancellationToken);

    /// <summary>The holder of the lease of <paramref name="searchId"/>, or null when nobody holds it.</summary>
    ValueTask<string?> HolderAsync(string searchId, CancellationToken cancellationToken);
}
