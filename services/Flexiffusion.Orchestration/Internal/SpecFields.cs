using System.Text.RegularExpressions;
using Flexiffusion.Orchestration.Specs;

namespace Flexiffusion.Orchestration.Internal;

/// <summary>
/// Turns the search engine's validation errors (parameter names such as <c>PopulationSize</c>) into
/// errors that name the field's path in the gRPC contract (<c>evolution.population_size</c>).
/// </summary>
internal static partial class SpecFields
{
    private static readonly Dictionary<string, string> Paths = new(StringComparer.Ordinal)
    {
        ["TeacherSteps"] = "evaluation.teacher_steps",
        ["SegmentCounts"] = "space.segment_counts",
        ["Branches"] = "space.branches",
        ["MinInterval"] = "space.min_interval",
        ["MaxInterval"] = "space.max_interval",
        ["MinSegmentLength"] = "space.min_segment_length",
        ["MaxSegmentLength"] = "space.max_segment_length",
        ["Budget"] = "budget",
        ["MaxCost"] = "budget.max_macs",
        ["maxCost"] = "budget.max_macs",
        ["MinSpeedup"] = "budget.min_mac_speedup",
        ["speedup"] = "budget.min_mac_speedup",
        ["PopulationSize"] = "evolution.population_size",
        ["ParentCount"] = "evolution.parent_count",
        ["MutationChildren"] = "evolution.mutation_children",
        ["CrossoverChildren"] = "evolution.crossover_children",
        ["MutationProbability"] = "evolution.mutation_probability",
        ["RetileProbability"] = "evolution.retile_probability",
        ["Generations"] = "evolution.generations",
        ["Objective"] = "evolution.objective",
        ["Seeding"] = "evolution.seeding",
        ["AttemptsPerChild"] = "evolution.attempts_per_child",
        ["Finalists"] = "evolution.finalists",
        ["sampler"] = "evaluation.sampler",
        ["reference"] = "evaluation.reference",
        ["eta"] = "evaluation.eta",
        ["teacher_steps"] = "evaluation.teacher_steps",
        ["spacing"] = "evaluation.spacing",
        ["schedule"] = "evaluation.schedule",
        ["nulls"] = "evaluation.nulls",
        ["images"] = "evaluation.images",
        ["batch_size"] = "evaluation.batch_size",
    };

    /// <summary>Runs an engine call, rethrowing its validation error with the contract's field path.</summary>
    public static T Guard<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (ArgumentException e) when (e is not SearchSpecException)
        {
            throw Map(e);
        }
    }

    /// <summary>Runs an engine check, rethrowing its validation error with the contract's field path.</summary>
    public static void Guard(Action check) => Guard(() =>
    {
        check();
        return true;
    });

    /// <summary>The error with the field's contract path and a reason whose engine names are translated too.</summary>
    public static SearchSpecException Map(ArgumentException error)
    {
        string name = error.ParamName ?? "";
        string field = Paths.GetValueOrDefault(name, name.Length == 0 ? "request" : name);
        string reason = ParameterSuffix().Replace(error.Message, "");
        reason = FieldPrefix().Replace(reason, "");
        reason = EngineName().Replace(reason, m => Paths.GetValueOrDefault(m.Value, m.Value));
        return new SearchSpecException(field, reason, error);
    }

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)$")]
    private static partial Regex ParameterSuffix();

    [GeneratedRegex(@"^[A-Za-z_]+:\s*")]
    private static partial Regex FieldPrefix();

    [GeneratedRegex(@"\b(TeacherSteps|SegmentCounts|Branches|MinInterval|MaxInterval|MinSegmentLength|MaxSegmentLength|MaxCost|MinSpeedup|PopulationSize|ParentCount|MutationChildren|CrossoverChildren|MutationProbability|RetileProbability|Generations|AttemptsPerChild)\b")]
    private static partial Regex EngineName();
}
