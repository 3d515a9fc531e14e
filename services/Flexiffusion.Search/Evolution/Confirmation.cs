namespace Flexiffusion.Search.Evolution;

/// <summary>
/// The finalists scored again under other settings (more images, a fresh noise seed): the search's best few and the
/// best hand-made schedule of every family. The answer is the best baseline unless a searched schedule beats it there,
/// and — when the scores carry paired bootstrap replicates — beats it in at least <see cref="Confidence"/> of them:
/// a challenger that wins only by the luck of the images drawn does not replace the baseline. So the answer is never
/// worse than the best baseline on this fresh noise, and <see cref="Margin"/> says by how much it is better.
/// </summary>
/// <param name="Settings">What the confirmation settings are (e.g. <c>512 images, noise seed 1</c>).</param>
/// <param name="Finalists">Every finalist, best confirmation score first.</param>
public sealed record Confirmation(string Settings, IReadOnlyList<ConfirmedCandidate> Finalists)
{
    /// <summary>The share of paired replicates a searched schedule must win to replace the best baseline (a one-sided 5% test).</summary>
    public const double Confidence = 0.95;

    /// <summary>The finalist with the lowest confirmation score (ties: cheaper, then canonical text).</summary>
    public ConfirmedCandidate Leader => Finalists[0];

    /// <summary>The best hand-made schedule among the finalists, when any was seeded.</summary>
    public ConfirmedCandidate? BestBaseline => Finalists.FirstOrDefault(f => f.Baseline is not null);

    /// <summary>
    /// The searched schedule that challenged the best baseline: the answer when one won, else the best-scoring searched
    /// schedule that scored better than the baseline; null when none did (or no baseline was seeded).
    /// </summary>
    public ConfirmedCandidate? Challenger => BestBaseline is null ? null : Best.Baseline is null ? Best : Challengers().FirstOrDefault();

    /// <summary>The share of paired replicates in which <see cref="Challenger"/> scored below the best baseline; null without replicates.</summary>
    public double? ChallengerWinRate => Challenger is { } c && BestBaseline is { } b ? WinRate(c, b) : null;

    /// <summary>
    /// The search's answer: the leader without a baseline; else the best-scoring searched schedule that beats the best
    /// baseline (in at least <see cref="Confidence"/> of the paired replicates when both carry them); else the best baseline.
    /// </summary>
    public ConfirmedCandidate Best
    {
        get
        {
            if (BestBaseline is not { } baseline)
                return Leader;
            foreach (var challenger in Challengers())
            {
                if (WinRate(challenger, baseline) is not { } rate || rate >= Confidence)
                    return challenger;
            }
            return baseline;
        }
    }

    /// <summary>The best baseline's confirmation score minus the answer's (≥ 0; 0 when a baseline is the answer); null without baselines.</summary>
    public double? Margin => BestBaseline is { } b ? b.RankScore - Best.RankScore : null;

    /// <summary>
    /// The 5th and 95th percentiles of the paired replicate differences (baseline − challenger): a 90% bootstrap interval
    /// of how much better <see cref="Challenger"/> is than the best baseline; null without replicates.
    /// </summary>
    public BootstrapInterval? MarginInterval
    {
        get
        {
            if (Challenger is not { } c || BestBaseline is not { } b || !Paired(c, b))
                return null;
            var differences = b.Bootstrap.Zip(c.Bootstrap, (x, y) => x - y).Order().ToArray();
            return new BootstrapInterval(Percentile(differences, 0.05), Percentile(differences, 0.95));
        }
    }

    /// <summary>Searched schedules that scored below the best baseline, best first.</summary>
    private IEnumerable<ConfirmedCandidate> Challengers() =>
        Finalists.TakeWhile(f => f != BestBaseline).Where(f => f.Baseline is null && f.RankScore < BestBaseline!.RankScore);

    private static double? WinRate(ConfirmedCandidate challenger, ConfirmedCandidate baseline) =>
        Paired(challenger, baseline) ? challenger.Bootstrap.Zip(baseline.Bootstrap).Count(p => p.First < p.Second) / (double)challenger.Bootstrap.Count : null;

    private static bool Paired(ConfirmedCandidate a, ConfirmedCandidate b) => a.Bootstrap.Count > 0 && a.Bootstrap.Count == b.Bootstrap.Count;

    /// <summary>Linear interpolation between order statistics of sorted values.</summary>
    private static double Percentile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
}
