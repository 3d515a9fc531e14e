using Flexiffusion.Search.Space;

namespace Flexiffusion.Evaluator.Telemetry;

/// <summary>The evaluator's structured log events (source-generated, so disabled levels cost nothing).</summary>
internal static partial class EvaluatorLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model {Model} ({Config}, {Branches} branches, {FullMacs} MACs per full step) on {Device} (numerics {Numerics}), weights {Checksum}, extractor {Extractor}")]
    public static partial void ModelLoaded(ILogger logger, string model, string config, int branches, long fullMacs, string device, string numerics, string checksum, string extractor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm teacher for model {Model}, {Steps} {Sampler} steps, {Images} images: {Source}")]
    public static partial void WarmTeacher(ILogger logger, string model, int steps, string sampler, int images, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluator {Id} serving {Count} model(s) with capacity {Capacity}")]
    public static partial void Serving(ILogger logger, string id, int count, int capacity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluator stopped while loading its models")]
    public static partial void StoppedWhileLoading(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Evaluator could not load its models")]
    public static partial void LoadFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused request {RequestId}: {Reason}")]
    public static partial void Invalid(ILogger logger, string requestId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused request {RequestId}: {Capacity} candidates already outstanding on this stream")]
    public static partial void OverCapacity(ILogger logger, string requestId, int capacity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scored {Candidate} on {Model} for {RequestId}: rFID {Rfid}, speed-up {Speedup}, {Seconds} s")]
    public static partial void Scored(ILogger logger, Candidate candidate, string model, string requestId, double rfid, double speedup, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped {Candidate} for {RequestId}: {Why}")]
    public static partial void Stopped(ILogger logger, Candidate candidate, string requestId, string why);

    [LoggerMessage(Level = LogLevel.Error, Message = "Evaluation of {Candidate} for {RequestId} failed")]
    public static partial void Failed(ILogger logger, Exception error, Candidate candidate, string requestId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Evaluate stream closed before every answer was written")]
    public static partial void StreamClosed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Evaluating {Candidate} on {Model} after {QueuedSeconds} s in the queue")]
    public static partial void JobStarted(ILogger logger, Candidate candidate, string model, double queuedSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Computed teacher features in {Seconds} s for {Identity}")]
    public static partial void TeacherComputed(ILogger logger, double seconds, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Teacher features from the cache for {Identity}")]
    public static partial void TeacherFromCache(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable ({Reason}); {Key}: {Consequence}")]
    public static partial void RedisUnavailable(ILogger logger, string reason, string key, string consequence);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Took lock {Key}")]
    public static partial void LockTaken(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Released lock {Key}")]
    public static partial void LockReleased(ILogger logger, string key);
}
