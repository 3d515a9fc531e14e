using Grpc.Core;

namespace Flexiffusion.Evaluator.Services;

/// <summary>Status codes and messages of the evaluator's answers.</summary>
internal static class RpcErrors
{
    /// <summary>The message of an argument error without the " (Parameter 'x')" suffix; it already starts with the field's name.</summary>
    public static string Reason(ArgumentException error)
    {
        string message = error.Message;
        string suffix = $" (Parameter '{error.ParamName}')";
        return error.ParamName is not null && message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
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
