using System.Diagnostics;

namespace Flexiffusion.Faults.Tests.TestSupport;

/// <summary>
/// The built command line as a child process: <c>dotnet flexiffusion.dll …</c> from this test's output (the Cli project
/// reference puts it there), with Debian's tcmalloc preloaded when installed, as the launcher script runs it.
/// </summary>
internal static class CliProcess
{
    private const string Tcmalloc = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";

    public static string Assembly { get; } = Path.Combine(AppContext.BaseDirectory, "flexiffusion.dll");

    /// <summary>Starts <c>flexiffusion <paramref name="args"/></c> in <paramref name="directory"/>.</summary>
    public static ChildProcess Start(string name, string directory, IEnumerable<string> args, bool keepStandardOutput = false)
    {
        if (!File.Exists(Assembly))
            throw new FileNotFoundException("the built command line is not next to the tests", Assembly);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { WorkingDirectory = directory };
        start.ArgumentList.Add(Assembly);
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        if (File.Exists(Tcmalloc))
            start.Environment["LD_PRELOAD"] = Tcmalloc;
        // The services' own settings only: nothing from the test runner's environment.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("FLEXIFFUSION_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        return ChildProcess.Start(name, start, keepStandardOutput);
    }
}
