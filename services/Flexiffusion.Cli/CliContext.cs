namespace Flexiffusion.Cli;

/// <summary>Where a command writes: results to <see cref="Output"/>, diagnostics and progress to <see cref="Error"/>.</summary>
/// <param name="Output">Results.</param>
/// <param name="Error">Diagnostics.</param>
/// <param name="Interactive">Whether <see cref="Error"/> is a terminal (then progress bars are drawn).</param>
public sealed record CliContext(TextWriter Output, TextWriter Error, bool Interactive = false);
