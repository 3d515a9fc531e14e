using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>Picks the hand-made schedules of <see cref="KnownSchedules"/> that a baselines run evaluates.</summary>
public static class BaselineSchedules
{
    private static readonly ScheduleSeeding[] Order =
        [ScheduleSeeding.StepReduction, ScheduleSeeding.QuadraticStepReduction, ScheduleSeeding.DeepCacheUniform, ScheduleSeeding.DeepCacheNonUniform];

    /// <summary>
    /// The schedules of <paramref name="families"/>: k-step and DeepCache non-uniform ones whose full-step count is in
    /// <paramref name="steps"/>, DeepCache uniform ones whose interval is in <paramref name="intervals"/>, at the given
    /// branches; a schedule whose plan an earlier one already runs is left out and reported.
    /// </summary>
    public static BaselineSelection Select(int teacherSteps, ScheduleSeeding families, IReadOnlyCollection<int> steps,
        IReadOnlyCollection<int> intervals, IReadOnlyList<int> branches)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(intervals);
        // DeepCache 1:N has ⌈T/N⌉ segments, so those counts must be in the space for its candidates to be kept.
        var counts = steps.Concat(intervals.Select(n => (teacherSteps + n - 1) / n)).Distinct().Order().ToList();
        var space = SearchSpace.Create(teacherSteps, branches, counts, allowUnequalSegments: true);
        var schedules = new List<BaselineSchedule>();
        var duplicates = new List<(string, string)>();
        var byPlan = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var family in Order.Where(f => families.HasFlag(f)))
        {
            foreach (var known in KnownSchedules.Named(space, family).Where(k => InRange(k, steps, intervals)))
            {
                var plan = known.Candidate.ToPlan();
                if (byPlan.TryGetValue(plan.ToString(), out string? first))
                {
                    duplicates.Add((known.Name, first));
                    continue;
                }
                byPlan[plan.ToString()] = known.Name;
                schedules.Add(new BaselineSchedule(ScheduleSeedingNames.Format(family)[0], known.Name, known.Candidate, plan));
            }
        }
        return new BaselineSelection(schedules, duplicates);
    }

    private static bool InRange(KnownSchedule known, IReadOnlyCollection<int> steps, IReadOnlyCollection<int> intervals) =>
        known.Family == ScheduleSeeding.DeepCacheUniform
            ? intervals.Contains(known.Candidate.Segments[0].Length)
            : steps.Contains(known.Candidate.SegmentCount);
}
