namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>The best row of one sampler (or of all, <c>all</c>) within a budget; null when no row fits.</summary>
/// <param name="Sampler">Sampler name, or <c>all</c>.</param>
/// <param name="Best">The row, or null.</param>
public sealed record BaselineBest(string Sampler, BaselineRow? Best);
