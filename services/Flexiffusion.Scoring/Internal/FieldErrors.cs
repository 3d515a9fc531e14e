namespace Flexiffusion.Scoring.Internal;

/// <summary>Argument errors that name a request field (as the gRPC contract spells it) in their message and parameter.</summary>
internal static class FieldErrors
{
    /// <summary>An error for <paramref name="field"/>: message <c>field: why</c>, parameter name <c>field</c>.</summary>
    public static ArgumentException Invalid(string field, string why) => new($"{field}: {why}", field);

    /// <summary>An error with a free-form <paramref name="message"/> about <paramref name="field"/>.</summary>
    public static ArgumentException About(string field, string message) => new(message, field);

    /// <summary>The message of <paramref name="error"/> without the " (Parameter 'x')" suffix .NET appends.</summary>
    public static string Reason(Exception error)
    {
        string message = error.Message;
        if (error is ArgumentException { ParamName: { } name })
        {
            string suffix = $" (Parameter '{name}')";
            if (message.EndsWith(suffix, StringComparison.Ordinal))
                message = message[..^suffix.Length];
        }
        return message;
    }

    /// <summary>
    /// Re-raises a validation error of a nested object under <paramref name="prefix"/>: <c>teacher_steps: …</c>
    /// becomes <c>settings.teacher_steps: …</c> with parameter <c>settings.teacher_steps</c>.
    /// </summary>
    public static ArgumentException Prefixed(string prefix, ArgumentException error)
    {
        string field = error.ParamName ?? "";
        string reason = Reason(error);
        if (field.Length > 0 && reason.StartsWith(field + ": ", StringComparison.Ordinal))
            reason = reason[(field.Length + 2)..];
        string full = field.Length > 0 ? $"{prefix}.{field}" : prefix;
        return new ArgumentException($"{full}: {reason}", full, error);
    }
}
