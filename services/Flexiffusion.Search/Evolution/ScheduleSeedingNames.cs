namespace Flexiffusion.Search.Evolution;

/// <summary>The text names of the <see cref="ScheduleSeeding"/> families, used by the CLI and the gRPC contract alike.</summary>
public static class ScheduleSeedingNames
{
    private static readonly (ScheduleSeeding Flag, string Name)[] Families =
    [
        (ScheduleSeeding.StepReduction, "step-reduction"),
        (ScheduleSeeding.QuadraticStepReduction, "quadratic-step-reduction"),
        (ScheduleSeeding.DeepCacheUniform, "deepcache-uniform"),
        (ScheduleSeeding.DeepCacheNonUniform, "deepcache-nonuniform"),
    ];

    /// <summary>Every accepted name, for error messages.</summary>
    public static string Expected => $"none, all, {string.Join(", ", Families.Select(f => f.Name))}";

    /// <summary>The family of one name (<c>none</c>, <c>all</c>, a family name, or the aliases <c>ddim</c> and <c>quadratic</c>); null when unknown.</summary>
    public static ScheduleSeeding? TryParse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = name.Trim().ToLowerInvariant();
        return key switch
        {
            "none" => ScheduleSeeding.None,
            "all" => ScheduleSeeding.All,
            "ddim" => ScheduleSeeding.StepReduction,
            "quadratic" => ScheduleSeeding.QuadraticStepReduction,
            _ => Families.Where(f => f.Name == key).Select(f => (ScheduleSeeding?)f.Flag).FirstOrDefault(),
        };
    }

    /// <summary>The family names of a set of flags, in a fixed order (empty for none).</summary>
    public static IReadOnlyList<string> Format(ScheduleSeeding seeding) => [.. Families.Where(f => seeding.HasFlag(f.Flag)).Select(f => f.Name)];
}
