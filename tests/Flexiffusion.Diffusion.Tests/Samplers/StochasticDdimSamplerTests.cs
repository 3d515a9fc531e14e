using Flexiffusion.Diffusion.Samplers;

namespace Flexiffusion.Diffusion.Tests.Samplers;

public class StochasticDdimSamplerTests : SamplerContractTests
{
    protected override ISampler CreateSampler() => new DdimSampler(eta: 1);
}
