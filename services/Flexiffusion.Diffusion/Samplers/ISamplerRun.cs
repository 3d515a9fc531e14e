using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Samplers;

/// <summary>One sampling run over a batch: the sampler's state (the history of multistep samplers).</summary>
public interface ISamplerRun : IDisposable
{
    /// <summary>
    /// Advances <paramref name="sample"/> x_t from <paramref name="timestep"/> to <paramref name="next"/>
    /// (−1 = the clean sample) given the noise prediction ε̂(x_t, t). Timesteps need not be evenly
    /// spaced: skipped positions simply make a longer step.
    /// </summary>
    /// <param name="sample">x_t, [B, ...].</param>
    /// <param name="epsilon">ε̂, same shape.</param>
    /// <param name="timestep">t.</param>
    /// <param name="next">The next timestep, &lt; t, or −1.</param>
    /// <param name="noise">Standard normal noise of the same shape for stochastic samplers; else null.</param>
    SamplerOutput Step(Tensor sample, Tensor epsilon, int timestep, int next, Tensor? noise);
}
