using System.Diagnostics;
using Flexiffusion.Diffusion.Runtime;
using Flexiffusion.Integration.Tests.TestSupport;
using Flexiffusion.Testing;

namespace Flexiffusion.Integration.Tests;

/// <summary>
/// Sampling is bit-identical within a process and across processes, and a process started directly (no
/// launcher, no variable set) applies the CPU kernel policy itself: oneDNN's own header says which ISA it uses.
/// </summary>
public sealed class ReproducibilityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fx-repro-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Sample_TwiceInProcessAndInTwoFreshProcesses_IsBitIdentical()
    {
        var inProcess = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            var (code, output, error) = await CliRunner.RunAsync(Arguments($"in-{i}.png"));
            Assert.True(code == 0, error);
            inProcess.Add(SamplesLine(output));
        }
        var children = new[] { RunFreshProcess("child-0.png"), RunFreshProcess("child-1.png") };

        Assert.StartsWith("sha256:", inProcess[0], StringComparison.Ordinal);
        Assert.Equal(inProcess[0], inProcess[1]);
        Assert.All(children, c => Assert.Equal(inProcess[0], SamplesLine(c.Output)));
    }

    [Fact]
    public void Sample_FreshProcessWithNoVariableSet_RunsOneDnnBelowAvx512OnAnAvx512Cpu()
    {
        var (output, _) = RunFreshProcess("guard.png");

        string header = output.Split('\n').First(l => l.StartsWith("onednn_verbose", StringComparison.Ordinal) && l.Contains(",isa:", StringComparison.Ordinal));
        string numerics = output.Split('\n').First(l => l.StartsWith("numerics", StringComparison.Ordinal));
        if (NumericsPolicy.Hardware == CpuIsa.Avx512)
        {
            Assert.Contains("isa:Intel AVX2", header, StringComparison.Ordinal);
            Assert.Contains("onednn=avx2", numerics, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("AVX-512", header, StringComparison.Ordinal);
        }
    }

    private string[] Arguments(string png) =>
        ["sample", "--config", TinyModels.Config32, "--random-weights", "--init-seed", "3", "--steps", "10", "--plan", "(F P1x1)x5",
         "--images", "6", "--batch-size", "6", "--seed", "4", "--out", Path.Combine(_folder, png)];

    private (string Output, string Error) RunFreshProcess(string png)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "flexiffusion"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (string argument in Arguments(png))
            start.ArgumentList.Add(argument);
        // What this test host's policy set must not leak into the child: it has to configure itself.
        start.Environment.Remove(NumericsPolicy.IsaVariable);
        start.Environment.Remove(NumericsPolicy.OneDnnIsaVariable);
        start.Environment["ONEDNN_VERBOSE"] = "check";
        start.Environment["FLEXIFFUSION_NO_ALLOCATOR_WARNING"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {error.Result}");
        return (output, error.Result);
    }

    private static string SamplesLine(string output) =>
        output.Split('\n').First(l => l.StartsWith("samples", StringComparison.Ordinal))["samples".Length..].Trim().Split(' ')[0];
}
