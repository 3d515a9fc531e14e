using Flexiffusion.Diffusion.Samplers;

namespace Flexiffusion.Diffusion.Tests.Samplers;

public class DdimSamplerTests : DeterministicSamplerContractTests
{
    protected override ISampler CreateSampler() => new DdimSampler(eta: 0);

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Constructor_EtaOutOfRange_Throws(double eta) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DdimSampler(eta));

    [Fact]
    public void IsStochastic_OnlyWithPositiveEta()
    {
        Assert.False(new DdimSampler(0).IsStochastic);
        Assert.True(new DdimSampler(0.5).IsStochastic);
    }
}
