namespace Flexiffusion.Search.Events;

/// <summary>Receives a search's events in order; the search waits for each call.</summary>
public interface ISearchObserver
{
    /// <summary>Handles one event.</summary>
    ValueTask OnEventAsync(SearchEvent searchEvent, CancellationToken cancellationToken);
}
