using System.CommandLine;
using Flexiffusion.Cli.Commands;
using Flexiffusion.Diffusion.Runtime;

namespace Flexiffusion.Cli;

/// <summary>The <c>flexiffusion</c> command line: parses, dispatches and maps errors to exit codes.</summary>
public static class CliApp
{
    private static int _warnedAboutAllocator;

    /// <summary>Runs the command line with the given writers; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var context = new CliContext(output, error, ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected);
        var root = new RootCommand("Flexiffusion: training-free segment-wise search for faster diffusion sampling.")
        {
            MacsCommand.Create(context),
            SampleCommand.Create(context),
            TrainCommand.Create(context),
            QualityCommand.Create(context),
            EvaluateCommand.Create(context),
            Commands.Baselines.BaselinesCommand.Create(context),
            SpaceCommand.Create(context),
            SearchCommand.Create(context),
            ServeCommand.Create(context),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await error.WriteLineAsync($"flexiffusion: {parsed.Errors[0].Message} (see --help)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        try
        {
            var invocation = new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = TerminationGrace(parsed),
            };
            return await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is UsageException or ArgumentException or FormatException or FileNotFoundException or DirectoryNotFoundException)
        {
            await error.WriteLineAsync($"flexiffusion: {FirstLine(e.Message)}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("flexiffusion: cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
    }

    /// <summary>
    /// How long a command may take to stop after Ctrl+C before the process ends anyway (System.CommandLine's 2 s); a
    /// remote search gets the time to cancel its search on the controller.
    /// </summary>
    private static TimeSpan TerminationGrace(ParseResult parsed) =>
        parsed.CommandResult.Command.Name == "search" && parsed.GetResult("--controller") is not null
            ? RemoteSearch.CancelDeadline + TimeSpan.FromSeconds(2)
            : TimeSpan.FromSeconds(2);

    /// <summary>Warns once per process when torch runs without tcmalloc preloaded.</summary>
    internal static void WarnIfAllocatorMissing(TextWriter error)
    {
        if (!OperatingSystem.IsLinux() || TorchRuntime.IsTcmallocLoaded())
            return;
        if (Environment.GetEnvironmentVariable("FLEXIFFUSION_NO_ALLOCATOR_WARNING") == "1")
            return;
        if (Interlocked.Exchange(ref _warnedAboutAllocator, 1) == 0)
        {
            error.WriteLine($"flexiffusion: warning: tcmalloc is not preloaded; torch runs 1.5-2.5x slower. " +
                $"Use ./flexiffusion, or set LD_PRELOAD={TorchRuntime.TcmallocPath} (apt-get install libtcmalloc-minimal4).");
        }
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
