using Flexiffusion.Search.Events;

namespace Flexiffusion.Orchestration.Searches;

/// <summary>Sees every engine event of every search (metrics, logs); it must return quickly and never throw.</summary>
public interface ISearchEventSink
{
    /// <summary>Handles one event of search <paramref name="searchId"/>.</summary>
    void OnEvent(string searchId, SearchEvent searchEvent);
}
