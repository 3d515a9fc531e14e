namespace Flexiffusion.Search.Evolution;

/// <summary>The best hand-made schedule the search scored (on its own noise) and the search's margin over it.</summary>
/// <param name="Name">The schedule's name (e.g. <c>ddim:29</c>).</param>
/// <param name="Baseline">The schedule as the search scored it.</param>
/// <param name="Margin">Its score minus the search's best score (≥ 0; 0 when the baseline is the best).</param>
public sealed record BaselineComparison(string Name, ScoredCandidate Baseline, double Margin);
