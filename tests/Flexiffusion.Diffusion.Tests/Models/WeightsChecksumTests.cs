using Flexiffusion.Diffusion.Models;

namespace Flexiffusion.Diffusion.Tests.Models;

public sealed class WeightsChecksumTests
{
    [Fact]
    public void OfFile_KnownBytes_IsTheirSha256()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "abc");

            string checksum = WeightsChecksum.OfFile(path);

            // SHA-256("abc"), FIPS 180-2 appendix B.1.
            Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", checksum);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OfRandom_DependsOnConfigAndSeedOnly()
    {
        var mnist = UNetConfigs.Mnist;

        string a = WeightsChecksum.OfRandom(mnist, 1);

        Assert.StartsWith("random:", a, StringComparison.Ordinal);
        Assert.Equal(a, WeightsChecksum.OfRandom(UNetConfigs.Mnist, 1));
        Assert.NotEqual(a, WeightsChecksum.OfRandom(mnist, 2));
        Assert.NotEqual(a, WeightsChecksum.OfRandom(mnist with { BaseChannels = 8 }, 1));
    }
}
