using Flexiffusion.Controller.Hosting;
using Grpc.Core;
using Polly;
using Polly.CircuitBreaker;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>
/// The resilience pipeline of one evaluator, built once: a circuit breaker that takes a failing evaluator out, and a
/// deadline per candidate (innermost). There is no retry here: a failed candidate goes back to its model's queue for
/// any evaluator (the pool's one retry layer). INVALID_ARGUMENT is never counted against the evaluator: it is the
/// candidate's fault.
/// </summary>
internal static class EndpointPipeline
{
    /// <param name="options">Timeout and breaker settings.</param>
    /// <param name="time">The clock of delays and timeouts.</param>
    /// <param name="manualControl">Lets the endpoint close the circuit when it reconnects healthy.</param>
    /// <param name="state">Tells the circuit's state at once; <paramref name="opened"/> runs later, on Polly's own schedule.</param>
    /// <param name="opened">Called when the circuit opens (the endpoint takes itself out).</param>
    public static ResiliencePipeline Build(ControllerOptions options, TimeProvider time, CircuitBreakerManualControl manualControl, CircuitBreakerStateProvider state,
        Action opened)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
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

    /// <summary>Counts against the evaluator: anything but a rejected candidate or a cancellation.</summary>
    public static bool IsEndpointFailure(Exception? error) => error switch
    {
        null or OperationCanceledException => false,
        RpcException { StatusCode: StatusCode.InvalidArgument or StatusCode.Cancelled } => false,
        _ => true,
    };
}
