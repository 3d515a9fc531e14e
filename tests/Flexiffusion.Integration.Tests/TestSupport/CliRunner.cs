using Flexiffusion.Cli;

namespace Flexiffusion.Integration.Tests.TestSupport;

/// <summary>Runs the command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await CliApp.RunAsync(args, output, error, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
