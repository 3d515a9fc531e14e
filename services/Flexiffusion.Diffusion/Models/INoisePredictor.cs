using Flexiffusion.Plans;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Models;

/// <summary>A cache-aware noise predictor ε̂(x_t, t): the <see cref="UNet"/>, or an analytic model in tests.</summary>
public interface INoisePredictor
{
    /// <summary>Number of cache branches a partial step may use.</summary>
    int BranchCount { get; }

    /// <summary>
    /// Predicts ε for x_t [B, C, H, W] at timesteps [B] with a full step (clearing the cache and
    /// filling <paramref name="fillBranches"/>) or a partial step (reading its branch).
    /// </summary>
    Tensor Predict(Tensor sample, Tensor timesteps, PlanStep step, FeatureCache cache, IReadOnlyList<int> fillBranches);
}
