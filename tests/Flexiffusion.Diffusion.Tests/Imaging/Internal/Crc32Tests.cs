using System.Text;
using Flexiffusion.Diffusion.Imaging.Internal;

namespace Flexiffusion.Diffusion.Tests.Imaging.Internal;

public sealed class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("IEND", 0xAE426082u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Compute_KnownInput_ReturnsPublishedCrc(string text, uint expected) =>
        Assert.Equal(expected, Crc32.Compute(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Append_SplitInput_EqualsWholeInput()
    {
        var data = Encoding.ASCII.GetBytes("IHDR and some pixel data");

        var split = Crc32.Append(Crc32.Compute(data.AsSpan(0, 4)), data.AsSpan(4));

        Assert.Equal(Crc32.Compute(data), split);
    }
}
