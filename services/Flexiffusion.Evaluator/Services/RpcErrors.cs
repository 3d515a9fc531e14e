using Grpc.Core;

namespace Flexiffusion.Evaluator.Services;

/// <summary>The metrics tags of the evaluator's answers.</summary>
internal static class RpcErrors
{
    /// <summary>The metrics tag of a status code (snake case, as the gRPC spec names them).</summary>
    public static string Outcome(StatusCode code) => code switch
    {
        StatusCode.OK => "ok",
        StatusCode.InvalidArgument => "invalid_argument",
        StatusCode.ResourceExhausted => "resource_exhausted",
        StatusCode.Cancelled => "cancelled",
        StatusCode.DeadlineExceeded => "deadline_exceeded",
        StatusCode.Unavailable => "unavailable",
        _ => "internal",
    };
}
