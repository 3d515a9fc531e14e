using Flexiffusion.Plans;

namespace Flexiffusion.Cli.Commands;

/// <summary>Parses the <c>--plan</c> option's text against the teacher's step count.</summary>
public static class PlanOption
{
    /// <summary>The option's help text.</summary>
    public const string Description =
        "Step plan: 'teacher', 'deepcache:<interval>:<branch>', 'ddim:<steps>', or tokens F, N, P<branch> with xK repeats and (groups), e.g. '(F P2x4)x20'";

    /// <summary>Parses <paramref name="text"/>, turning a malformed plan into a usage error.</summary>
    public static StepPlan Parse(string text, int steps)
    {
        if (steps < 1)
            throw new UsageException("--steps: must be ≥ 1");
        return StepPlan.TryParse(text, steps, out var plan, out string? error)
            ? plan!
            : throw new UsageException($"--plan: {error}");
    }
}
