using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Search.Events;

namespace Flexiffusion.Orchestration.Internal;

/// <summary>Feeds one execution's engine events into its <see cref="SearchRun"/> and saves the record after each generation.</summary>
internal sealed class RunObserver(SearchRun run, Func<SearchRun, Task> persist, ISearchEventSink? sink) : ISearchObserver
{
    public async ValueTask OnEventAsync(SearchEvent searchEvent, CancellationToken cancellationToken)
    {
        sink?.OnEvent(run.Id, searchEvent);
        if (run.Apply(searchEvent))
            await persist(run).ConfigureAwait(false);
    }
}
