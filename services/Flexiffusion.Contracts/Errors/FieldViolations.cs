using Flexiffusion.Search;
using Google.Rpc;
using Grpc.Core;

namespace Flexiffusion.Contracts.Errors;

/// <summary>
/// INVALID_ARGUMENT errors as Google's API rules write them: the message names the field, and a
/// <c>google.rpc.BadRequest</c> detail carries the field path and the reason for clients that read details. Texts are
/// bounded (<see cref="StatusText"/>).
/// </summary>
public static class FieldViolations
{
    /// <summary>An INVALID_ARGUMENT error about <paramref name="field"/>.</summary>
    /// <param name="field">The request field's path, e.g. <c>search.spec.evaluation.images</c>.</param>
    /// <param name="reason">Why the value is refused, e.g. <c>must be ≥ 2 (got 1)</c>.</param>
    public static RpcException InvalidArgument(string field, string reason)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(reason);
        field = StatusText.Bound(field);
        reason = StatusText.Bound(reason);
        var detail = new BadRequest();
        detail.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = reason });
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = StatusText.Bound(field.Length == 0 ? reason : $"{field}: {reason}"),
        };
        status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(detail));
        return status.ToRpcException();
    }

    /// <summary>The field path and reason of an argument error (<see cref="FieldException.From"/>).</summary>
    public static (string Field, string Reason) Of(ArgumentException error)
    {
        var field = FieldException.From(error);
        return (field.Field, field.Reason);
    }

    /// <summary>The first field violation an error carries (field path and reason), or null when it carries none.</summary>
    public static (string Field, string Reason)? First(RpcException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var violation = error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.FirstOrDefault();
        return violation is null ? null : (violation.Field, violation.Description);
    }
}
