namespace Flexiffusion.Controller.Hosting;

/// <summary>
/// Retries of one candidate on the same evaluator after UNAVAILABLE, RESOURCE_EXHAUSTED,
/// DEADLINE_EXCEEDED or a timeout (never INVALID_ARGUMENT); afterwards it goes to another evaluator.
/// </summary>
public sealed class RetrySettings
{
    /// <summary>Retries after the first attempt; 0 disables them. Default 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Delay before the first retry, doubled each time, with jitter. Default 200 ms.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(200);
}
