using Flexiffusion.Orchestration.Searches;
using Microsoft.Extensions.Logging;

namespace Flexiffusion.Orchestration.Internal;

/// <summary>The search manager's structured log messages (source-generated: no cost when the level is off).</summary>
internal static partial class ManagerLog
{
    [LoggerMessage(1, LogLevel.Information, "Search {SearchId} accepted on model {Model} ({Checksum}): {Request}")]
    public static partial void Accepted(this ILogger logger, string searchId, string model, string checksum, string request);

    [LoggerMessage(2, LogLevel.Information, "Search {SearchId} waits: {Active} searches are running (limit {Limit})")]
    public static partial void Waiting(this ILogger logger, string searchId, int active, int limit);

    [LoggerMessage(3, LogLevel.Information, "Search {SearchId} runs from generation {Generation}")]
    public static partial void Running(this ILogger logger, string searchId, int generation);

    [LoggerMessage(4, LogLevel.Information, "Search {SearchId} completed: best {Best} (score {Score}), {Evaluations} evaluated, {CacheHits} from the cache")]
    public static partial void Completed(this ILogger logger, string searchId, string best, double score, int evaluations, int cacheHits);

    [LoggerMessage(5, LogLevel.Information, "Search {SearchId} interrupted by shutdown; it resumes on restart")]
    public static partial void Interrupted(this ILogger logger, string searchId);

    [LoggerMessage(6, LogLevel.Information, "Search {SearchId} cancelled")]
    public static partial void Cancelled(this ILogger logger, string searchId);

    [LoggerMessage(7, LogLevel.Error, "Search {SearchId} failed")]
    public static partial void Failed(this ILogger logger, Exception error, string searchId);

    [LoggerMessage(8, LogLevel.Warning, "Could not save search {SearchId}; it goes on with the state in memory")]
    public static partial void SaveFailed(this ILogger logger, Exception error, string searchId);

    [LoggerMessage(9, LogLevel.Information, "Search {SearchId} resumes from generation {Generation}")]
    public static partial void Resumed(this ILogger logger, string searchId, int generation);

    [LoggerMessage(10, LogLevel.Error, "Stored search {SearchId} cannot be read; it is skipped")]
    public static partial void Unreadable(this ILogger logger, Exception error, string searchId);

    [LoggerMessage(11, LogLevel.Information, "Search {SearchId} recovered as {State}; it resumes from generation {Generation}")]
    public static partial void Recovered(this ILogger logger, string searchId, SearchState state, int generation);

    [LoggerMessage(12, LogLevel.Information, "Search {SearchId} deleted")]
    public static partial void Deleted(this ILogger logger, string searchId);

    [LoggerMessage(13, LogLevel.Information, "Search {SearchId} deleted: more than {Kept} finished searches are kept")]
    public static partial void Pruned(this ILogger logger, string searchId, int kept);

    [LoggerMessage(14, LogLevel.Warning, "Lease of search {SearchId} not renewed; the search stops unless the lease is confirmed within {Limit} of its last confirmation")]
    public static partial void LeaseNotRenewed(this ILogger logger, Exception error, string searchId, TimeSpan limit);

    [LoggerMessage(15, LogLevel.Warning, "Lease of search {SearchId} went unconfirmed for {Limit}; the search stops here before another controller may take it over")]
    public static partial void LeaseLapsed(this ILogger logger, string searchId, TimeSpan limit);

    [LoggerMessage(16, LogLevel.Warning, "Lease of search {SearchId} not released; it expires by itself within {Ttl}")]
    public static partial void LeaseNotReleased(this ILogger logger, Exception error, string searchId, TimeSpan ttl);

    [LoggerMessage(17, LogLevel.Warning, "Search {SearchId} stopped here without being saved: {Reason}")]
    public static partial void LeaseLost(this ILogger logger, string searchId, string reason);

    [LoggerMessage(18, LogLevel.Information, "Search {SearchId} is owned by controller {Holder}; shown here as stored ({State})")]
    public static partial void OwnedElsewhere(this ILogger logger, string searchId, string holder, SearchState state);

    [LoggerMessage(19, LogLevel.Warning, "Could not save search {SearchId}: another controller holds its lease")]
    public static partial void SaveRefused(this ILogger logger, string searchId);

    [LoggerMessage(20, LogLevel.Warning, "Could not read the stored record of search {SearchId}; going on with what this controller knows")]
    public static partial void StoreUnread(this ILogger logger, Exception error, string searchId);
}
