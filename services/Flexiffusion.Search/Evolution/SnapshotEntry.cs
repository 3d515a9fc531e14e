namespace Flexiffusion.Search.Evolution;

/// <summary>One scored candidate in a <see cref="SearchSnapshot"/>.</summary>
/// <param name="Candidate">The candidate's canonical text.</param>
/// <param name="Score">Its score.</param>
/// <param name="Generation">The generation that proposed it.</param>
public sealed record SnapshotEntry(string Candidate, double Score, int Generation)
{
    /// <summary>Paired bootstrap replicates of the score, for confirmed finalists that have them; null otherwise.</summary>
    public IReadOnlyList<double>? Bootstrap { get; init; }
}
