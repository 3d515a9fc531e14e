using System.Globalization;

namespace Flexiffusion.Contracts.Errors;

/// <summary>
/// Bounds the text of an error status. Error messages quote the offending value, and a status travels in HTTP/2
/// trailers that clients refuse past 64 KiB (grpc-dotnet fails the whole call as UNAVAILABLE), so a huge value sent
/// by a client would otherwise turn its own INVALID_ARGUMENT into an unreadable transport error.
/// </summary>
public static class StatusText
{
    /// <summary>The most characters of a status message or a field violation's reason. 1,024.</summary>
    public const int MaxLength = 1024;

    /// <summary><paramref name="text"/>, cut to <see cref="MaxLength"/> characters with a note of how many were left out.</summary>
    public static string Bound(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= MaxLength)
            return text;
        int kept = MaxLength - 40;
        return string.Create(CultureInfo.InvariantCulture, $"{text.AsSpan(0, kept)}… ({text.Length - kept} more characters)");
    }
}
