namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>The schedules to evaluate, and those left out because an earlier one runs the same plan.</summary>
/// <param name="Schedules">In evaluation order: family, then step count or interval, then branch.</param>
/// <param name="Duplicates">Each left-out name with the name of the schedule that runs its plan (<c>quadratic:100</c> → <c>ddim:100</c>).</param>
public sealed record BaselineSelection(IReadOnlyList<BaselineSchedule> Schedules, IReadOnlyList<(string Name, string SameAs)> Duplicates);
