namespace Flexiffusion.Search.Evolution;

/// <summary>A bootstrap percentile interval.</summary>
/// <param name="Low">The lower percentile.</param>
/// <param name="High">The upper percentile.</param>
public sealed record BootstrapInterval(double Low, double High);
