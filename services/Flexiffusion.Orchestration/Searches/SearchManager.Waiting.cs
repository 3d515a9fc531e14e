using Flexiffusion.Orchestration.Internal;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Orchestration.Searches;

public sealed partial class SearchManager
{
    /// <summary>Candidates of a model started or stopped waiting for an evaluator: its running searches show it and tell their watchers.</summary>
    private void OnWaitingChanged(object? sender, ModelKey model)
    {
        foreach (var run in _runs.Values)
        {
            if (run.Model.Key == model)
                RefreshWaiting(run);
        }
    }

    private void RefreshWaiting(SearchRun run)
    {
        if (_availability is { } availability)
            run.RefreshWaiting(availability.WaitingReason);
    }
}
