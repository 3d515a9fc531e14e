using Flexiffusion.Diffusion.Pipeline.Internal;

namespace Flexiffusion.Diffusion.Tests.Pipeline.Internal;

public sealed class SplitMix64Tests
{
    [Fact]
    public void At_KeyZero_MatchesReferenceSplitMix64SeededWithZero()
    {
        // Reference outputs of Vigna's splitmix64.c with x = 0.
        ulong[] expected = [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F];

        Assert.Equal(expected, new[] { SplitMix64.At(0, 0), SplitMix64.At(0, 1), SplitMix64.At(0, 2) });
    }

    [Fact]
    public void Key_DifferentSeedStreamOrIndex_Differs()
    {
        var keys = new[] { SplitMix64.Key(1, 0, 0), SplitMix64.Key(2, 0, 0), SplitMix64.Key(1, 1, 0), SplitMix64.Key(1, 0, 1) };

        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Theory]
    [InlineData(0UL, 0.0)]
    [InlineData(ulong.MaxValue, 1 - 1.0 / (1UL << 53))]
    [InlineData(1UL << 63, 0.5)]
    public void ToUnitDouble_Bits_ReturnsTop53BitsOverTwoPow53(ulong bits, double expected) =>
        Assert.Equal(expected, SplitMix64.ToUnitDouble(bits));
}
