namespace Flexiffusion.Controller.Hosting;

/// <summary>The start-up's structured log messages.</summary>
internal static partial class StartupLog
{
    [LoggerMessage(401, LogLevel.Information, "Search store recovered; {Resumed} searches resume; serving")]
    public static partial void Recovered(ILogger logger, int resumed);

    [LoggerMessage(402, LogLevel.Warning, "Search store unavailable; retrying in {Interval} (not serving until then)")]
    public static partial void StoreUnavailable(ILogger logger, Exception error, TimeSpan interval);
}
