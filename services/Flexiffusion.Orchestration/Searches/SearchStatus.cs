using Flexiffusion.Orchestration.Specs;
using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Orchestration.Searches;

/// <summary>A search's state at one moment: progress, best candidate so far, result or error, warnings.</summary>
/// <param name="Id">The search's id.</param>
/// <param name="State">Where the search is.</param>
public sealed record SearchStatus(string Id, SearchState State)
{
    /// <summary>What the search runs (with the model's name resolved); null only in statuses built by hand.</summary>
    public SearchSpec? Spec { get; init; }

    /// <summary>Generations completed (counting the first population).</summary>
    public int GenerationsDone { get; init; }

    /// <summary>Generations the search will run at most.</summary>
    public int GenerationsTotal { get; init; }

    /// <summary>Candidates scored so far, including the current generation's.</summary>
    public int Scored { get; init; }

    /// <summary>The best candidate so far (lowest score; ties cheaper, then canonical text), when any.</summary>
    public ScoredCandidate? Best { get; init; }

    /// <summary>The result, when completed.</summary>
    public SearchResult? Result { get; init; }

    /// <summary>What went wrong, when failed.</summary>
    public string? Error { get; init; }

    /// <summary>When the search was started.</summary>
    public DateTimeOffset Created { get; init; }

    /// <summary>When the state last changed.</summary>
    public DateTimeOffset Updated { get; init; }

    /// <summary>
    /// While running: why no candidate is being scored, e.g. no evaluator serving the model is connected (the search
    /// continues when one returns); null otherwise.
    /// </summary>
    public string? Waiting { get; init; }

    /// <summary>Problems that did not stop the search, e.g. an unavailable candidate cache.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Whether the search has ended (completed, failed or cancelled).</summary>
    public bool IsFinished => State is SearchState.Completed or SearchState.Failed or SearchState.Cancelled;
}
