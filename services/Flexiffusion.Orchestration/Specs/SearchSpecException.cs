namespace Flexiffusion.Orchestration.Specs;

/// <summary>
/// A search specification is invalid. <see cref="ArgumentException.ParamName"/> is the field's path
/// in the gRPC contract (e.g. <c>evolution.population_size</c>) and the message reads
/// <c>field: reason</c>, ready to show to a user.
/// </summary>
public sealed class SearchSpecException : ArgumentException
{
    /// <summary>Creates the error for one field.</summary>
    /// <param name="field">The field's path in the gRPC contract.</param>
    /// <param name="reason">Why the value is wrong.</param>
    /// <param name="innerException">The engine's error, when it found the problem.</param>
    public SearchSpecException(string field, string reason, Exception? innerException = null)
        : base(reason, field, innerException)
    {
        Field = field;
        Reason = reason;
    }

    /// <summary>The field's path in the gRPC contract.</summary>
    public string Field { get; }

    /// <summary>Why the value is wrong, without the field.</summary>
    public string Reason { get; }

    /// <summary><c>field: reason</c>.</summary>
    public override string Message => $"{Field}: {Reason}";
}
