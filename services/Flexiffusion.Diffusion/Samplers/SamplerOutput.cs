using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Samplers;

/// <summary>The result of one sampler step.</summary>
/// <param name="Previous">The sample at the next (earlier) timestep.</param>
/// <param name="PredictedOriginal">The sampler's estimate of the clean sample x̂_0.</param>
public readonly record struct SamplerOutput(Tensor Previous, Tensor PredictedOriginal);
