using System.Text.Json;

namespace Flexiffusion.Cli.Tests.Commands;

public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("fx-eval-cli-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    private string[] Args(string plan) =>
    [
        "evaluate", "--config", CliRunner.Tiny32Config, "--random-weights", "--plan", plan, "--steps", "6", "--images", "8", "--json",
        "--features", Path.Combine(RepositoryRoot.Path, "models", "mnist-features", "classifier.bin"), "--cache-dir", _cache,
    ];

    [Fact]
    public async Task Evaluate_TwoPlans_ScoresEachAndComputesTheTeacherOnce()
    {
        var teacher = await CliRunner.RunAsync(Args("teacher"));
        var cheaper = await CliRunner.RunAsync(Args("(F P0x2)x2"));

        Assert.True(teacher.ExitCode == 0, teacher.Error);
        Assert.True(cheaper.ExitCode == 0, cheaper.Error);
        using var a = JsonDocument.Parse(teacher.Output);
        using var b = JsonDocument.Parse(cheaper.Output);
        Assert.False(a.RootElement.GetProperty("teacherCached").GetBoolean());
        Assert.True(b.RootElement.GetProperty("teacherCached").GetBoolean());
        Assert.Equal(0, a.RootElement.GetProperty("rfid").GetDouble(), 6);
        Assert.True(b.RootElement.GetProperty("rfid").GetDouble() > 0);
        Assert.Equal(6, b.RootElement.GetProperty("nfe").GetInt32());
        Assert.True(b.RootElement.GetProperty("macSpeedup").GetDouble() > 1.5);
    }

    [Theory]
    [InlineData("--plan:", "--plan", "F Q")]
    [InlineData("--images:", "--images", "1")]
    [InlineData("--features:", "--features", "/nonexistent.bin")]
    public async Task Evaluate_BadInput_ExitsTwoNamingTheOption(string expected, string option, string value)
    {
        string[] args = ["evaluate", "--random-weights", option, value];
        if (option != "--plan")
            args = [.. args, "--plan", "teacher"];

        var (code, _, error) = await CliRunner.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
