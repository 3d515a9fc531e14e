using Flexiffusion.Diffusion.Models;
using Flexiffusion.Plans;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Pipeline;

/// <summary>Runs a <see cref="UNet"/> in evaluation mode without gradients.</summary>
public sealed class UNetNoisePredictor : INoisePredictor
{
    private readonly UNet _model;

    /// <summary>Wraps <paramref name="model"/> and switches it to evaluation mode.</summary>
    public UNetNoisePredictor(UNet model)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _model.eval();
    }

    /// <inheritdoc />
    public int BranchCount => _model.BranchCount;

    /// <inheritdoc />
    public Tensor Predict(Tensor sample, Tensor timesteps, PlanStep step, FeatureCache cache, IReadOnlyList<int> fillBranches)
    {
        using var noGrad = no_grad();
        return _model.RunStep(sample, timesteps, step, cache, fillBranches);
    }
}
