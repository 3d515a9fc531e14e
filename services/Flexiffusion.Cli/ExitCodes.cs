namespace Flexiffusion.Cli;

/// <summary>The process exit codes of the command line.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The command failed while running.</summary>
    public const int Failure = 1;

    /// <summary>Bad arguments or input files.</summary>
    public const int Usage = 2;

    /// <summary>Cancelled by the user (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
