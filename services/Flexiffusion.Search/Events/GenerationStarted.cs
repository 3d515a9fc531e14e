namespace Flexiffusion.Search.Events;

/// <summary>A generation's candidates are known and its unseen ones are about to be evaluated.</summary>
/// <param name="Generation">The generation.</param>
/// <param name="Candidates">New candidates proposed (never seen in this search).</param>
/// <param name="CacheHits">Of those, how many the candidate cache already knew.</param>
/// <param name="ToEvaluate">How many go to the evaluator.</param>
public sealed record GenerationStarted(int Generation, int Candidates, int CacheHits, int ToEvaluate) : SearchEvent(Generation);
