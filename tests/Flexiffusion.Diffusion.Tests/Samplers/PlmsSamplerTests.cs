using Flexiffusion.Diffusion.Samplers;

namespace Flexiffusion.Diffusion.Tests.Samplers;

public class PlmsSamplerTests : DeterministicSamplerContractTests
{
    protected override ISampler CreateSampler() => new PlmsSampler();
}
