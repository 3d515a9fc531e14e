using System.Text.Json.Serialization;

namespace Flexiffusion.Search.Evolution;

/// <summary>A finalist with its score on the search's noise and its score under the confirmation settings.</summary>
/// <param name="Searched">The candidate as the search scored it.</param>
/// <param name="Score">Its confirmation score (lower is better; non-finite ranks last).</param>
/// <param name="Baseline">The hand-made schedule's name (e.g. <c>ddim:29</c>) when the finalist is one, else null.</param>
public sealed record ConfirmedCandidate(ScoredCandidate Searched, double Score, string? Baseline)
{
    /// <summary>The score for ranking: non-finite scores rank after every finite one.</summary>
    public double RankScore => double.IsFinite(Score) ? Score : double.PositiveInfinity;

    /// <summary>Paired bootstrap replicates of <see cref="Score"/> (the same image resamples for every finalist); empty when not measured.</summary>
    [JsonIgnore]
    public IReadOnlyList<double> Bootstrap { get; init; } = [];
}
