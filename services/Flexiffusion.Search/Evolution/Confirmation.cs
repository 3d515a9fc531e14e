namespace Flexiffusion.Search.Evolution;

/// <summary>
/// The finalists scored again under other settings (more images, a fresh noise seed): the search's best few and the
/// best hand-made schedule of every family. The answer is the finalist that scores best here, so it is never worse
/// than the best baseline on this fresh noise, and <see cref="Margin"/> says by how much it is better.
/// </summary>
/// <param name="Settings">What the confirmation settings are (e.g. <c>512 images, noise seed 1</c>).</param>
/// <param name="Finalists">Every finalist, best confirmation score first.</param>
public sealed record Confirmation(string Settings, IReadOnlyList<ConfirmedCandidate> Finalists)
{
    /// <summary>The finalist with the lowest confirmation score (ties: cheaper, then canonical text): the search's answer.</summary>
    public ConfirmedCandidate Best => Finalists[0];

    /// <summary>The best hand-made schedule among the finalists, when any was seeded.</summary>
    public ConfirmedCandidate? BestBaseline => Finalists.FirstOrDefault(f => f.Baseline is not null);

    /// <summary>The best baseline's confirmation score minus the answer's (≥ 0; 0 when a baseline is the answer); null without baselines.</summary>
    public double? Margin => BestBaseline is { } b ? b.RankScore - Best.RankScore : null;
}
