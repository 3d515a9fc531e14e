namespace Flexiffusion.Scoring.Teachers;

/// <summary>
/// Makes the teacher's features of one evaluation identity be computed once, even across evaluator
/// replicas: a scorer that misses the teacher cache takes the lock for that identity, re-reads the
/// cache once it holds it (another holder may have stored the features meanwhile), and computes only
/// if they are still missing.
/// </summary>
public interface ITeacherLock
{
    /// <summary>
    /// Waits until the caller holds the lock <paramref name="key"/> and returns the lease (dispose
    /// it to release), or returns null when <paramref name="finished"/> reports, while waiting, that the
    /// work was done elsewhere. Implementations that wait on a signal need not poll <paramref name="finished"/>.
    /// </summary>
    /// <param name="key">The lock's store key (<c>StoreKeys.TeacherLock</c>).</param>
    /// <param name="finished">Whether the guarded result now exists (e.g. the teacher features are in the cache).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    ValueTask<IAsyncDisposable?> AcquireAsync(string key, Func<CancellationToken, ValueTask<bool>> finished, CancellationToken cancellationToken);
}
