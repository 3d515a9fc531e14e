using Flexiffusion.Diffusion.Data;

namespace Flexiffusion.Diffusion.Tests.Data;

public sealed class MnistBinaryTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"fx-mnist-{Guid.NewGuid():N}.bin");

    public void Dispose() => File.Delete(_path);

    private static (byte[] Labels, ushort[] Pixels) Sample()
    {
        var labels = new byte[] { 3, 1, 4 };
        var pixels = Enumerable.Range(0, 3 * 28 * 28).Select(i => (ushort)(i * 7 % 1001)).ToArray();
        return (labels, pixels);
    }

    [Fact]
    public void WriteThenRead_RoundTripsLabelsAndPixels()
    {
        var (labels, pixels) = Sample();

        MnistBinary.Write(_path, labels, pixels, 28, 28);
        var data = MnistBinary.Read(_path);

        Assert.Equal(labels, data.Labels);
        Assert.Equal(pixels, data.RawPixels);
    }

    [Fact]
    public void Read_FlippedByte_FailsTheChecksumAndSaysWhatToDo()
    {
        var (labels, pixels) = Sample();
        MnistBinary.Write(_path, labels, pixels, 28, 28);
        var bytes = File.ReadAllBytes(_path);
        bytes[100] ^= 0x40;
        File.WriteAllBytes(_path, bytes);

        var error = Assert.Throws<MnistDataException>(() => MnistBinary.Read(_path));

        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
        Assert.Contains("delete", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedOrForeignFile_IsRejected()
    {
        var (labels, pixels) = Sample();
        MnistBinary.Write(_path, labels, pixels, 28, 28);
        File.WriteAllBytes(_path, File.ReadAllBytes(_path)[..500]);
        Assert.Contains("truncated", Assert.Throws<MnistDataException>(() => MnistBinary.Read(_path)).Message, StringComparison.Ordinal);

        File.WriteAllText(_path, "{ \"data\": [] }");
        Assert.Contains("not a Flexiffusion MNIST file", Assert.Throws<MnistDataException>(() => MnistBinary.Read(_path)).Message, StringComparison.Ordinal);
    }
}
