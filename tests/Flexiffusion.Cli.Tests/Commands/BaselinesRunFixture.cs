namespace Flexiffusion.Cli.Tests.Commands;

/// <summary>One small baselines run on the tiny random-weights model, shared by the tests that read or resume it.</summary>
public sealed class BaselinesRunFixture : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("fx-baselines-").FullName;

    /// <summary>T = 10; k ∈ {2, 3, 10}; DeepCache 1:2 at branch 0; ddim and plms; rFID only.</summary>
    public static readonly string[] Names = ["ddim:2", "ddim:3", "ddim:10", "quadratic:2", "quadratic:3", "deepcache:2:0", "deepcache-nu:2:0", "deepcache-nu:3:0"];

    public static readonly string[] Samplers = ["ddim", "plms"];

    public string Root => _root;

    public string Out => Path.Combine(_root, "first");

    public (int ExitCode, string Output, string Error) First { get; private set; }

    /// <summary>The run's arguments writing to <paramref name="outDir"/>; an option in <paramref name="extra"/> replaces the default of that name.</summary>
    public string[] Args(string outDir, params string[] extra)
    {
        var defaults = new List<string>
        {
            "--config", CliRunner.Tiny32Config, "--steps", "10", "--images", "8", "--k", "2-3,10", "--intervals", "2", "--branches", "0",
            "--samplers", "ddim,plms", "--features", Path.Combine(RepositoryRoot.Path, "models", "mnist-features", "classifier.bin"),
            "--cache-dir", Path.Combine(_root, "cache"), "--out", outDir,
        };
        foreach (string option in extra.Where(e => e.StartsWith("--", StringComparison.Ordinal)))
        {
            int at = defaults.IndexOf(option);
            if (at >= 0)
                defaults.RemoveRange(at, 2);
        }
        return ["baselines", "--random-weights", "--no-fid", .. defaults, .. extra];
    }

    /// <summary>A copy of the first run's output folder, to resume without touching the original.</summary>
    public string CopyOfFirst(string name)
    {
        string copy = Path.Combine(_root, name);
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(Out))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }

    public async Task InitializeAsync() => First = await CliRunner.RunAsync(Args(Out));

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
