namespace Flexiffusion.Scoring.Teachers;

/// <summary>
/// An <see cref="ITeacherLock"/> for scorers in one process: one semaphore per key, created on first
/// use and dropped when nobody holds or waits for it. Waiters are woken by the release, so
/// <c>finished</c> is never polled.
/// </summary>
public sealed class InProcessTeacherLock : ITeacherLock
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Number of names currently held or waited for.</summary>
    public int ActiveNames
    {
        get
        {
            lock (_gate)
                return _entries.Count;
        }
    }

    /// <inheritdoc />
    public async ValueTask<IAsyncDisposable?> AcquireAsync(string key, Func<CancellationToken, ValueTask<bool>> finished, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out entry!))
                _entries[key] = entry = new Entry();
            entry.Users++;
        }
        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(key, entry, release: false);
            throw;
        }
        return new Lease(this, key, entry);
    }

    private void Leave(string key, Entry entry, bool release)
    {
        lock (_gate)
        {
            if (release)
                entry.Semaphore.Release();
            if (--entry.Users == 0)
            {
                _entries.Remove(key);
                entry.Semaphore.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Lease(InProcessTeacherLock owner, string key, Entry entry) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                owner.Leave(key, entry, release: true);
            return ValueTask.CompletedTask;
        }
    }
}
