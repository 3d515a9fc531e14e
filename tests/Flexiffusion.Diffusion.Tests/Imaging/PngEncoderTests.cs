using System.Buffers.Binary;
using Flexiffusion.Diffusion.Imaging;

namespace Flexiffusion.Diffusion.Tests.Imaging;

public sealed class PngEncoderTests
{
    private static byte[] Ramp(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 37 % 256)).ToArray();

    [Fact]
    public void Encode_Grayscale_StartsWithSignatureAndHasIhdrIdatIend()
    {
        var png = PngEncoder.Encode(Ramp(15), 5, 3, 1);

        Assert.Equal(PngTestReader.Signature, png[..8]);
        var chunks = PngTestReader.Chunks(png);
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        Assert.Equal([0, 0, 0, 5, 0, 0, 0, 3, 8, 0, 0, 0, 0], chunks[0].Data);
        Assert.Empty(chunks[2].Data);
        Assert.Equal(0xAE426082u, BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(png.Length - 4)));
    }

    [Theory]
    [InlineData(7, 4, 1, 0)]
    [InlineData(7, 4, 3, 2)]
    [InlineData(300, 200, 3, 2)]
    public void Encode_Channels_WritesColourTypeAndFilterZeroScanlines(int width, int height, int channels, byte colourType)
    {
        var pixels = Ramp(width * height * channels);

        var (w, h, type, scanlines) = PngTestReader.Decode(PngEncoder.Encode(pixels, width, height, channels));

        Assert.Equal((width, height, colourType), (w, h, type));
        var stride = width * channels;
        var expected = Enumerable.Range(0, height).SelectMany(y => pixels.Skip(y * stride).Take(stride).Prepend((byte)0)).ToArray();
        Assert.Equal(expected, scanlines);
    }

    [Fact]
    public void Write_Path_WritesEncodedBytes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"png-encoder-{Guid.NewGuid():N}.png");
        try
        {
            PngEncoder.Write(path, Ramp(12), 2, 2, 3);

            Assert.Equal(PngEncoder.Encode(Ramp(12), 2, 2, 3), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(0, 2, 1, 0, "width")]
    [InlineData(2, -1, 1, 0, "height")]
    [InlineData(2, 2, 2, 8, "channels")]
    [InlineData(2, 2, 4, 16, "channels")]
    [InlineData(2, 2, 3, 11, "pixels")]
    [InlineData(2, 2, 1, 5, "pixels")]
    public void Encode_BadArguments_ThrowsArgumentException(int width, int height, int channels, int length, string parameter)
    {
        var ex = Assert.Throws<ArgumentException>(() => PngEncoder.Encode(new byte[length], width, height, channels));

        Assert.Equal(parameter, ex.ParamName);
    }
}
