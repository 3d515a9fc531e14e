using Flexiffusion.Plans;

namespace Flexiffusion.Diffusion.Macs;

/// <summary>
/// Multiply–accumulate counts of one U-Net step per image, counting convolutions, linear layers and
/// the 1×1 attention projections (as DeepCache's counter does); attention matmuls are separate.
/// </summary>
/// <param name="Config">The configuration's name.</param>
/// <param name="Parameters">Number of trainable parameters.</param>
/// <param name="Full">MACs of a full step.</param>
/// <param name="FullAttentionMatmul">Attention matmul MACs (QKᵀ and AV) of a full step.</param>
/// <param name="Partial">MACs of a partial step per branch (index = branch).</param>
/// <param name="PartialAttentionMatmul">Attention matmul MACs of a partial step per branch.</param>
public sealed record MacReport(
    string Config,
    long Parameters,
    long Full,
    long FullAttentionMatmul,
    IReadOnlyList<long> Partial,
    IReadOnlyList<long> PartialAttentionMatmul)
{
    /// <summary>Number of cache branches.</summary>
    public int BranchCount => Partial.Count;

    /// <summary>Full-step MACs over the partial step's MACs at <paramref name="branch"/>.</summary>
    public double PartialSpeedup(int branch) => (double)Full / Partial[branch];

    /// <summary>Total MACs per image of a plan: Σ full + Σ partial(b); null steps cost nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The plan uses a branch this model lacks.</exception>
    public long PlanMacs(StepPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        long total = 0;
        foreach (var step in plan)
        {
            if (step.Kind == StepKind.Partial && step.Branch >= BranchCount)
                throw new ArgumentOutOfRangeException(nameof(plan), $"the plan uses branch {step.Branch} but '{Config}' has branches 0..{BranchCount - 1}");
            total += step.Kind switch
            {
                StepKind.Full => Full,
                StepKind.Partial => Partial[step.Branch],
                _ => 0,
            };
        }
        return total;
    }

    /// <summary>MAC speed-up of a plan over running every position full.</summary>
    public double PlanSpeedup(StepPlan plan) => (double)plan.Count * Full / PlanMacs(plan);
}
