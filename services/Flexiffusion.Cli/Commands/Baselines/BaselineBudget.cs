namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>The best rows at a MAC speed-up of at least <paramref name="MinSpeedup"/>, by one metric.</summary>
/// <param name="MinSpeedup">The budget: rows must be at least this much cheaper than the teacher in MACs.</param>
/// <param name="Metric"><c>rfid</c> or <c>fid</c>: the distance that picks the best.</param>
/// <param name="Bests">The best overall (<c>all</c>) first, then the best of each sampler.</param>
public sealed record BaselineBudget(double MinSpeedup, string Metric, IReadOnlyList<BaselineBest> Bests);
