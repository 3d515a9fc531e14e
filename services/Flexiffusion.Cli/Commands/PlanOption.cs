using Flexiffusion.Plans;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Cli.Commands;

/// <summary>Parses the <c>--plan</c> option's text against the teacher's step count: a step plan or a search candidate.</summary>
public static class PlanOption
{
    /// <summary>The option's help text.</summary>
    public const string Description =
        "Step plan: 'teacher', 'deepcache:<interval>:<branch>', 'ddim:<steps>', tokens F, N, P<branch> with xK repeats and (groups), e.g. '(F P2x4)x20', " +
        "or a search candidate such as '20: 2:5x20' (segment count, then branch:interval per segment)";

    /// <summary>Parses <paramref name="text"/>, turning a malformed plan into a usage error.</summary>
    public static StepPlan Parse(string text, int steps)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (steps < 1)
            throw new UsageException("--steps: must be ≥ 1");
        // Plan texts start with a letter or '('; a candidate with its segment count.
        if (text.TrimStart() is { Length: > 0 } trimmed && char.IsAsciiDigit(trimmed[0]))
        {
            return Candidate.TryParse(text, steps, out var candidate, out string? why)
                ? candidate!.ToPlan()
                : throw new UsageException($"--plan: {why}");
        }
        return StepPlan.TryParse(text, steps, out var plan, out string? error)
            ? plan!
            : throw new UsageException($"--plan: {error}");
    }
}
