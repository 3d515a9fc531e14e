using Flexiffusion.Plans;

namespace Flexiffusion.Diffusion.Pipeline.Internal;

/// <summary>One sampler update of a plan: where it is, what runs, and where the sampler lands.</summary>
internal sealed record ExecutionStep(int Position, int Timestep, int Next, PlanStep Step, IReadOnlyList<int> Fill)
{
    /// <summary>The updates a plan makes over the teacher's timesteps under the given null semantics.</summary>
    public static List<ExecutionStep> Build(StepPlan plan, IReadOnlyList<int> timesteps, NullSemantics nulls)
    {
        var positions = Enumerable.Range(0, plan.Count)
            .Where(i => nulls == NullSemantics.Reuse || plan[i].IsActive)
            .ToList();
        var steps = new List<ExecutionStep>(positions.Count);
        for (int k = 0; k < positions.Count; k++)
        {
            int i = positions[k];
            int next = k + 1 < positions.Count ? timesteps[positions[k + 1]] : -1;
            var fill = plan[i].Kind == StepKind.Full ? plan.CacheBranchesAfter(i) : [];
            steps.Add(new ExecutionStep(i, timesteps[i], next, plan[i], fill));
        }
        return steps;
    }
}
