using Flexiffusion.Diffusion.Models;
using Flexiffusion.Plans;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Tests.TestSupport;

/// <summary>
/// One full step of a U-Net in evaluation mode on a random input at batch 1, which filled the cache
/// of every branch: what partial steps fed the same input are compared against. Owns the model.
/// </summary>
public sealed class FilledFullStep : IDisposable
{
    /// <summary>Runs the full step; <paramref name="seed"/> draws the input.</summary>
    public FilledFullStep(UNet model, int seed, int timestep = 500)
    {
        Model = model;
        Model.eval();
        var config = model.Layout.Config;
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)seed);
        Input = randn([1, config.InChannels, config.Resolution, config.Resolution], generator: generator);
        Timesteps = tensor(new long[] { timestep });
        Output = Model.RunStep(Input, Timesteps, PlanStep.Full, Cache, [.. Enumerable.Range(0, Model.BranchCount)]);
    }

    public UNet Model { get; }

    public Tensor Input { get; }

    public Tensor Timesteps { get; }

    /// <summary>The full step's output ε̂.</summary>
    public Tensor Output { get; }

    /// <summary>The cache the full step filled, for every branch.</summary>
    public FeatureCache Cache { get; } = new();

    /// <summary>A partial step at <paramref name="branch"/> on the full step's own input and timesteps.</summary>
    public Tensor Partial(int branch)
    {
        using var noGrad = no_grad();
        return Model.RunStep(Input, Timesteps, PlanStep.Partial(branch), Cache);
    }

    public void Dispose()
    {
        Cache.Dispose();
        Output.Dispose();
        Timesteps.Dispose();
        Input.Dispose();
        Model.Dispose();
    }
}
