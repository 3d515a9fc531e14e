using System.Globalization;

namespace Flexiffusion.Plans;

/// <summary>One position of a step plan: full, partial at a cache branch, or null.</summary>
/// <param name="Kind">The step type.</param>
/// <param name="Branch">The cache branch of a partial step (0 = shallowest); -1 otherwise.</param>
public readonly record struct PlanStep(StepKind Kind, int Branch)
{
    /// <summary>A full step.</summary>
    public static PlanStep Full { get; } = new(StepKind.Full, -1);

    /// <summary>A null step.</summary>
    public static PlanStep Null { get; } = new(StepKind.Null, -1);

    /// <summary>A partial step that reuses the deep feature cached for <paramref name="branch"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The branch is negative.</exception>
    public static PlanStep Partial(int branch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(branch);
        return new PlanStep(StepKind.Partial, branch);
    }

    /// <summary>Whether the network runs at this position.</summary>
    public bool IsActive => Kind != StepKind.Null;

    /// <summary>The token of the plan text form: <c>F</c>, <c>N</c> or <c>P&lt;branch&gt;</c>.</summary>
    public override string ToString() => Kind switch
    {
        StepKind.Full => "F",
        StepKind.Null => "N",
        _ => "P" + Branch.ToString(CultureInfo.InvariantCulture),
    };
}
