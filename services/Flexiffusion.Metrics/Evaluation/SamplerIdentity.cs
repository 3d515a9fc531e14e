using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Identity;

namespace Flexiffusion.Metrics.Evaluation;

/// <summary>The sampler component of an <see cref="EvaluationIdentity"/> for a sampler object.</summary>
public static class SamplerIdentity
{
    /// <summary><see cref="EvaluationIdentity.SamplerText"/> of <paramref name="sampler"/> (DDIM with its η).</summary>
    public static string Of(ISampler sampler)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        return EvaluationIdentity.SamplerText(sampler.Name, sampler is DdimSampler ddim ? ddim.Eta : 0);
    }
}
