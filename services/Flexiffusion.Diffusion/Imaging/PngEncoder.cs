using System.Buffers.Binary;
using System.IO.Compression;
using Flexiffusion.Diffusion.Imaging.Internal;

namespace Flexiffusion.Diffusion.Imaging;

/// <summary>
/// Writes 8-bit grayscale (colour type 0) and RGB (colour type 2) PNG files: signature, IHDR, one
/// zlib-compressed IDAT with filter type 0 on every row, IEND (PNG specification, 3rd edition).
/// </summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes row-major, channel-interleaved <paramref name="pixels"/> (width × height × channels bytes) as a PNG file.</summary>
    /// <exception cref="ArgumentException">A dimension is not positive, channels is not 1 or 3, or the buffer length does not match.</exception>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        var stride = Validate(pixels, width, height, channels);
        using var png = new MemoryStream();
        png.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;                              // bit depth
        header[9] = (byte)(channels == 1 ? 0 : 2);  // colour type; compression, filter, interlace stay 0
        WriteChunk(png, "IHDR"u8, header);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                for (var y = 0; y < height; y++)
                {
                    zlib.WriteByte(0);
                    zlib.Write(pixels.Slice(y * stride, stride));
                }
            }
            WriteChunk(png, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }

        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    /// <summary>Encodes <paramref name="pixels"/> as in <see cref="Encode"/> and writes the file to <paramref name="path"/>.</summary>
    public static void Write(string path, ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllBytes(path, Encode(pixels, width, height, channels));
    }

    private static int Validate(ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"PNG dimensions must be positive, got {width}×{height}.", width <= 0 ? nameof(width) : nameof(height));
        if (channels is not (1 or 3))
            throw new ArgumentException($"channels must be 1 (grayscale) or 3 (RGB), got {channels}.", nameof(channels));
        var expected = (long)width * height * channels;
        if (expected + height > Array.MaxLength)
            throw new ArgumentException($"a {width}×{height}×{channels} image is too large to encode in memory.", nameof(width));
        if (pixels.Length != expected)
            throw new ArgumentException($"pixels holds {pixels.Length} bytes but {width}×{height}×{channels} = {expected} are needed.", nameof(pixels));
        return width * channels;
    }

    private static void WriteChunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(type);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Compute(type), data));
        png.Write(word);
    }
}
