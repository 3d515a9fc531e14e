namespace Flexiffusion.Cli.Tests.Commands;

public sealed class SampleCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flexiffusion-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Sample_RandomTinyModel_WritesAPngGridAndASummary()
    {
        string png = Path.Combine(_folder, "grid.png");

        var (code, output, error) = await CliRunner.RunAsync("sample", "--config", CliRunner.TinyConfig, "--random-weights",
            "--plan", "(F P1 N)x4", "--steps", "12", "--images", "6", "--out", png, "--sampler", "dpm-solver++");

        Assert.True(code == 0, error);
        byte[] bytes = await File.ReadAllBytesAsync(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.Contains("NFE         8 (4 full, 4 partial)", output, StringComparison.Ordinal);
        Assert.Contains("images/s", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sample_SameSeed_WritesIdenticalFiles()
    {
        string a = Path.Combine(_folder, "a.png"), b = Path.Combine(_folder, "b.png");
        string[] common = ["sample", "--config", CliRunner.TinyConfig, "--random-weights", "--steps", "5", "--images", "4", "--seed", "3"];

        Assert.Equal(0, (await CliRunner.RunAsync([.. common, "--out", a])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync([.. common, "--out", b])).ExitCode);

        Assert.Equal(await File.ReadAllBytesAsync(a), await File.ReadAllBytesAsync(b));
    }

    [Theory]
    [InlineData("--plan:", "--plan", "F Q")]
    [InlineData("--plan:", "--plan", "(F P7)x6")]
    [InlineData("--sampler:", "--sampler", "euler")]
    [InlineData("--eta:", "--eta", "2")]
    [InlineData("--nulls:", "--nulls", "drop")]
    [InlineData("--spacing:", "--spacing", "cubic")]
    [InlineData("--steps:", "--steps", "0")]
    [InlineData("--device:", "--device", "tpu")]
    [InlineData("--weights:", "--weights", "/nonexistent/model.bin")]
    [InlineData("--weights", "--images", "2")]
    public async Task Sample_BadInput_ExitsTwoNamingTheOption(string expected, string option, string value)
    {
        string png = Path.Combine(_folder, "x.png");
        bool withWeights = option is "--weights" or "--images";
        string[] args = ["sample", "--config", CliRunner.TinyConfig, "--out", png, option, value];
        if (option != "--steps")
            args = [.. args, "--steps", "12"];
        if (!withWeights)
            args = [.. args, "--random-weights"];

        var (code, _, error) = await CliRunner.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'), l => !l.Contains("warning:", StringComparison.Ordinal));
        Assert.False(File.Exists(png));
    }

    [Fact]
    public async Task Sample_MissingOut_ExitsTwo()
    {
        var (code, _, error) = await CliRunner.RunAsync("sample", "--random-weights");

        Assert.Equal(2, code);
        Assert.Contains("--out", error, StringComparison.Ordinal);
    }
}
