namespace Flexiffusion.Controller.Hosting;

/// <summary>The start-up's structured log messages.</summary>
internal static partial class StartupLog
{
    [LoggerMessage(401, LogLevel.Information, "Search store read; {Resumed} searches resume here; serving")]
    public static partial void Recovered(ILogger logger, int resumed);

    [LoggerMessage(402, LogLevel.Warning, "Search store unavailable; serving, and retrying every {Interval}")]
    public static partial void StoreUnavailable(ILogger logger, Exception error, TimeSpan interval);
}
