using Flexiffusion.Search.Events;

namespace Flexiffusion.Search.Tests.TestSupport;

/// <summary>Keeps every event a search emits, in order.</summary>
public sealed class RecordingObserver : ISearchObserver
{
    private readonly List<SearchEvent> _events = [];

    public IReadOnlyList<SearchEvent> Events
    {
        get
        {
            lock (_events)
                return [.. _events];
        }
    }

    public ValueTask OnEventAsync(SearchEvent searchEvent, CancellationToken cancellationToken)
    {
        lock (_events)
            _events.Add(searchEvent);
        return ValueTask.CompletedTask;
    }
}
