using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Flexiffusion.Orchestration.Searches;

namespace Flexiffusion.Orchestration.Internal;

/// <summary>
/// One watcher's queue. Posting never blocks the search: state, generation and result items are
/// always queued (a few per generation); progress items beyond <c>progressCapacity</c> unread ones are
/// dropped for this watcher only, so a stalled client costs a bounded amount of memory.
/// </summary>
internal sealed class WatcherQueue(int progressCapacity)
{
    private readonly Channel<SearchUpdate> _channel = Channel.CreateUnbounded<SearchUpdate>(new UnboundedChannelOptions { SingleReader = true });
    private int _progressQueued;
    private int _dropped;

    /// <summary>Progress items dropped because this watcher fell behind.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    public void Post(SearchUpdate update)
    {
        if (update is ProgressUpdate && Interlocked.Increment(ref _progressQueued) > progressCapacity)
        {
            Interlocked.Decrement(ref _progressQueued);
            Interlocked.Increment(ref _dropped);
            return;
        }
        _channel.Writer.TryWrite(update);
    }

    public void Complete() => _channel.Writer.TryComplete();

    public async IAsyncEnumerable<SearchUpdate> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in _channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (update is ProgressUpdate)
                Interlocked.Decrement(ref _progressQueued);
            yield return update;
        }
    }
}
