namespace Flexiffusion.Cli;

/// <summary>Bad input from the user: reported as one line and exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
