namespace Flexiffusion.Controller.Redis;

/// <summary>The Redis store's structured log messages.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(201, LogLevel.Error, "Stored search record {SearchId} cannot be read; it is skipped")]
    public static partial void Unreadable(ILogger logger, Exception error, string searchId);

    [LoggerMessage(202, LogLevel.Warning, "Cached score of candidate {Candidate} cannot be read; it is scored again")]
    public static partial void UnreadableScore(ILogger logger, string candidate);

    [LoggerMessage(203, LogLevel.Warning, "Search records at risk: {Risk}")]
    public static partial void Risky(ILogger logger, string risk);

    [LoggerMessage(204, LogLevel.Debug, "Redis configuration not checked for risks to search records")]
    public static partial void NotChecked(ILogger logger, Exception error);
}
