namespace Flexiffusion.Search;

/// <summary>
/// A request field is invalid. <see cref="Field"/> is the field's path as the gRPC contract, the API docs and every
/// error name it (<c>evolution.population_size</c>, <c>settings.images</c>), set where the value is checked; the message
/// reads <c>field: reason</c>, ready to show to a user. Hosts turn it into INVALID_ARGUMENT with a field violation, the
/// CLI into the option that set the field.
/// </summary>
public sealed class FieldException : ArgumentException
{
    /// <summary>An error about <paramref name="field"/>.</summary>
    /// <param name="field">The field's path.</param>
    /// <param name="reason">Why the value is wrong.</param>
    /// <param name="innerException">The error that found the problem, when another one did.</param>
    public FieldException(string field, string reason, Exception? innerException = null)
        : base(reason, field, innerException)
    {
        Field = field;
        Reason = reason;
    }

    /// <summary>An error without details.</summary>
    public FieldException()
        : this("", "invalid request")
    {
    }

    /// <summary>An error about no particular field.</summary>
    public FieldException(string message)
        : this("", message)
    {
    }

    /// <summary>An error about no particular field, from another error.</summary>
    public FieldException(string message, Exception innerException)
        : this("", message, innerException)
    {
    }

    /// <summary>The field's path.</summary>
    public string Field { get; }

    /// <summary>Why the value is wrong, without the field.</summary>
    public string Reason { get; }

    /// <summary><c>field: reason</c>.</summary>
    public override string Message => Field.Length == 0 ? Reason : $"{Field}: {Reason}";

    /// <summary>
    /// Any argument error as a field error: itself when it is one; else its parameter name is taken as the field and its
    /// message, without .NET's " (Parameter 'x')" suffix and a leading <c>field: </c>, as the reason.
    /// </summary>
    public static FieldException From(ArgumentException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error is FieldException field)
            return field;
        string name = error.ParamName ?? "";
        string message = error.Message;
        string suffix = $" (Parameter '{error.ParamName}')";
        if (error.ParamName is not null && message.EndsWith(suffix, StringComparison.Ordinal))
            message = message[..^suffix.Length];
        if (name.Length > 0 && message.StartsWith(name + ": ", StringComparison.Ordinal))
            message = message[(name.Length + 2)..];
        return new FieldException(name, message, error);
    }

    /// <summary>The same error for a message nested in a request under <paramref name="prefix"/> (<c>settings</c> + <c>images</c>).</summary>
    public FieldException Within(string prefix) => new(Field.Length == 0 ? prefix : $"{prefix}.{Field}", Reason, this);
}
