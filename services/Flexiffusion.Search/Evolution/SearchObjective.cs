namespace Flexiffusion.Search.Evolution;

/// <summary>What the search optimises.</summary>
public enum SearchObjective
{
    /// <summary>The lowest score (rFID) under the compute budget; returns one best candidate.</summary>
    Single,

    /// <summary>The Pareto front of (score, cost); returns the whole speed/quality front (beyond the paper).</summary>
    Pareto,
}
