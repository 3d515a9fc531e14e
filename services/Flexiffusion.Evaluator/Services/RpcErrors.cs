using Flexiffusion.Contracts.Errors;
using Grpc.Core;

namespace Flexiffusion.Evaluator.Services;

/// <summary>Status codes and field errors of the evaluator's answers.</summary>
internal static class RpcErrors
{
    /// <summary>An argument error as one line, <c>field: reason</c> (just the reason when no field is named).</summary>
    public static string Describe(ArgumentException error)
    {
        var (field, reason) = FieldViolations.Of(error);
        return field.Length == 0 ? reason : $"{field}: {reason}";
    }

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
