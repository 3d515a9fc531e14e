using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Orchestration.Searches;

/// <summary>The last item of a completed search's watch stream.</summary>
/// <param name="Result">The result.</param>
public sealed record ResultUpdate(SearchResult Result) : SearchUpdate;
