using Flexiffusion.Controller.Hosting;
using Grpc.Core;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>
/// The resilience pipeline of one evaluator, built once: retry (outermost) of transient failures on
/// the same evaluator, a circuit breaker that takes a failing evaluator out, and a deadline per
/// attempt (innermost). INVALID_ARGUMENT is never retried nor counted against the evaluator: it is
/// the candidate's fault.
/// </summary>
internal static class EndpointPipeline
{
    private static readonly HashSet<StatusCode> Transient = [StatusCode.Unavailable, StatusCode.ResourceExhausted, StatusCode.DeadlineExceeded];

    /// <param name="options">Timeout, retry and breaker settings.</param>
    /// <param name="time">The clock of delays and timeouts.</param>
    /// <param name="manualControl">Lets the endpoint close the circuit when it reconnects healthy.</param>
    /// <param name="state">Tells the circuit's state at once; <paramref name="opened"/> runs later, on Polly's own schedule.</param>
    /// <param name="opened">Called when the circuit opens (the endpoint takes itself out).</param>
    /// <param name="connected">Whether the endpoint's stream is up: a retry on a dead stream is pointless.</param>
    public static ResiliencePipeline Build(ControllerOptions options, TimeProvider time, CircuitBreakerManualControl manualControl, CircuitBreakerStateProvider state,
        Action opened, Func<bool> connected)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.Retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.Retry.MaxRetries,
                Delay = options.Retry.Delay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Outcome.Exception) && connected()),
            });
        }
        var breaker = options.CircuitBreaker;
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = breaker.FailureRatio,
            MinimumThroughput = breaker.MinimumThroughput,
            SamplingDuration = breaker.SamplingDuration,
            BreakDuration = breaker.BreakDuration,
            ManualControl = manualControl,
            StateProvider = state,
            ShouldHandle = args => ValueTask.FromResult(IsEndpointFailure(args.Outcome.Exception)),
            OnOpened = _ =>
            {
                opened();
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(options.CallTimeout);
        return builder.Build();
    }

    /// <summary>Worth another attempt on the same evaluator: UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED or a timeout.</summary>
    public static bool IsRetryable(Exception? error) =>
        error is TimeoutRejectedException || (error is RpcException rpc && Transient.Contains(rpc.StatusCode));

    /// <summary>Counts against the evaluator: anything but a rejected candidate, a cancellation or a busy retry.</summary>
    public static bool IsEndpointFailure(Exception? error) => error switch
    {
        null or OperationCanceledException or EndpointBusyException => false,
        RpcException { StatusCode: StatusCode.InvalidArgument or StatusCode.Cancelled } => false,
        _ => true,
    };
}
