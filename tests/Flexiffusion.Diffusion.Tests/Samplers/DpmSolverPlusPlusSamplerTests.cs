using Flexiffusion.Diffusion.Samplers;

namespace Flexiffusion.Diffusion.Tests.Samplers;

public class DpmSolverPlusPlusSamplerTests : DeterministicSamplerContractTests
{
    protected override ISampler CreateSampler() => new DpmSolverPlusPlusSampler();
}
