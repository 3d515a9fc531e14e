namespace Flexiffusion.Controller.Evaluators;

/// <summary>The evaluator pool's structured log messages.</summary>
internal static partial class EndpointLog
{
    [LoggerMessage(101, LogLevel.Information, "Evaluator {Address} joined as {EvaluatorId} with capacity {Capacity}")]
    public static partial void Joined(ILogger logger, string address, string evaluatorId, int capacity);

    [LoggerMessage(102, LogLevel.Information, "Stream to evaluator {Address} ended")]
    public static partial void StreamEnded(ILogger logger, string address);

    [LoggerMessage(103, LogLevel.Warning, "Stream to evaluator {Address} failed; its candidates go to other evaluators")]
    public static partial void StreamLost(ILogger logger, Exception error, string address);

    [LoggerMessage(104, LogLevel.Warning, "Could not open a stream to evaluator {Address}")]
    public static partial void ConnectFailed(ILogger logger, Exception error, string address);

    [LoggerMessage(105, LogLevel.Warning, "Evaluator {Address} is failing: taken out until its health check says SERVING (checked every {Interval})")]
    public static partial void TakenOut(ILogger logger, string address, TimeSpan interval);

    [LoggerMessage(106, LogLevel.Information, "Evaluator {Address} added ({Source})")]
    public static partial void Added(ILogger logger, string address, string source);

    [LoggerMessage(107, LogLevel.Information, "Evaluator {Address} leaves after its outstanding candidates")]
    public static partial void Leaving(ILogger logger, string address);

    [LoggerMessage(108, LogLevel.Warning, "Candidate {Candidate} failed on {Address} (dispatch {Dispatch}): {Reason}; it goes back to the queue")]
    public static partial void Redispatch(ILogger logger, string candidate, string address, int dispatch, string reason);

    [LoggerMessage(111, LogLevel.Debug, "Candidate {Candidate} goes back to the queue: {Reason}")]
    public static partial void Requeued(ILogger logger, string candidate, string reason);

    [LoggerMessage(112, LogLevel.Information, "Stream to evaluator {Address} was reset: {Reason}; its candidates go to other evaluators")]
    public static partial void StreamReset(ILogger logger, string address, string reason);

    [LoggerMessage(113, LogLevel.Error, "The evaluator pool's dispatcher failed; it goes on")]
    public static partial void DispatcherFailed(ILogger logger, Exception error);

    [LoggerMessage(114, LogLevel.Warning, "No evaluator serving model {Model} is connected: its candidates wait for one (evaluators: {Evaluators})")]
    public static partial void Waiting(ILogger logger, string model, string evaluators);

    [LoggerMessage(115, LogLevel.Information, "An evaluator serves model {Model} again; its candidates are being scored")]
    public static partial void WaitEnded(ILogger logger, string model);

    [LoggerMessage(116, LogLevel.Error, "A handler of the pool's waiting notifications failed")]
    public static partial void WaitingHandlerFailed(ILogger logger, Exception error);

    [LoggerMessage(109, LogLevel.Warning, "Could not resolve evaluators at {Dns}; keeping the previous addresses")]
    public static partial void DnsFailed(ILogger logger, Exception error, string dns);

    [LoggerMessage(110, LogLevel.Warning, "Evaluator {Address} did not answer GetEvaluatorInfo")]
    public static partial void InfoFailed(ILogger logger, Exception error, string address);
}
