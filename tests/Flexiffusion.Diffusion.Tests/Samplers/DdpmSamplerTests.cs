using Flexiffusion.Diffusion.Samplers;

namespace Flexiffusion.Diffusion.Tests.Samplers;

public class DdpmSamplerTests : SamplerContractTests
{
    protected override ISampler CreateSampler() => new DdpmSampler();
}
