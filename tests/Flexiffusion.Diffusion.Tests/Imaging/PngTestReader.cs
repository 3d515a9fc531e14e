using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Flexiffusion.Diffusion.Tests.Imaging;

/// <summary>An independent PNG reader for tests: checks every chunk's CRC with a bitwise CRC-32 and inflates the IDAT data.</summary>
internal static class PngTestReader
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static List<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        Assert.Equal(Signature, png[..8]);
        var chunks = new List<(string, byte[])>();
        var pos = 8;
        while (pos < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var typeAndData = png.AsSpan(pos + 4, 4 + length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            Assert.Equal(BitwiseCrc32(typeAndData), crc);
            chunks.Add((Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray()));
            pos += 12 + length;
        }
        Assert.Equal(png.Length, pos);
        return chunks;
    }

    public static (int Width, int Height, byte ColourType, byte[] Scanlines) Decode(byte[] png)
    {
        var chunks = Chunks(png);
        var header = chunks[0].Data;
        using var compressed = new MemoryStream(chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        return (BinaryPrimitives.ReadInt32BigEndian(header), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)), header[9], raw.ToArray());
    }

    /// <summary>The pixels of a filter-0 PNG (asserts every row's filter byte is 0).</summary>
    public static (int Width, int Height, int Channels, byte[] Pixels) Pixels(byte[] png)
    {
        var (width, height, colourType, scanlines) = Decode(png);
        var channels = colourType == 2 ? 3 : 1;
        var stride = width * channels;
        Assert.Equal(height * (stride + 1), scanlines.Length);
        var pixels = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, scanlines[y * (stride + 1)]);
            scanlines.AsSpan(y * (stride + 1) + 1, stride).CopyTo(pixels.AsSpan(y * stride));
        }
        return (width, height, channels, pixels);
    }

    private static uint BitwiseCrc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
        }
        return ~crc;
    }
}
