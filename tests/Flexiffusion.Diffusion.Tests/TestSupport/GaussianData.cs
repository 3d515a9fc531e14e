using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Schedules;
using Flexiffusion.Plans;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Tests.TestSupport;

/// <summary>
/// Data x_0 ~ N(μ, diag(s²)) over a 1×2×2 "image", whose optimal noise predictor is known in closed
/// form: x_t ~ N(√ᾱ·μ, ᾱs² + 1 − ᾱ), so ε*(x_t, t) = √(1 − ᾱ)·(x_t − √ᾱ·μ)/(ᾱs² + 1 − ᾱ).
/// It ignores step kinds (any plan sees the exact predictor) but counts the evaluations.
/// </summary>
internal sealed class GaussianData(NoiseSchedule schedule) : INoisePredictor
{
    public static readonly double[] Mean = [0.5, -0.3, 0.0, 0.8];
    public static readonly double[] Std = [0.5, 0.25, 1.0, 0.7];

    public int Evaluations { get; private set; }

    public int BranchCount => 4;

    public Tensor Predict(Tensor sample, Tensor timesteps, PlanStep step, FeatureCache cache, IReadOnlyList<int> fillBranches)
    {
        Evaluations++;
        using var scope = NewDisposeScope();
        double a = schedule.AlphaBar((int)timesteps[0].item<long>());
        var mean = tensor(Mean.Select(m => (float)(Math.Sqrt(a) * m)).ToArray()).reshape(1, 1, 2, 2);
        var variance = tensor(Std.Select(s => (float)(a * s * s + 1 - a)).ToArray()).reshape(1, 1, 2, 2);
        return ((sample - mean) * Math.Sqrt(1 - a) / variance).MoveToOuterDisposeScope();
    }
}
