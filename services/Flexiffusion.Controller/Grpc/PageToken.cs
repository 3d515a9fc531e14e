using System.Globalization;
using System.Text;
using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Search;

namespace Flexiffusion.Controller.Grpc;

/// <summary>An opaque page token: the offset into the newest-first list, bound to the filter it was issued for.</summary>
internal static class PageToken
{
    public static string Write(int offset, SearchState state) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{offset}:{(int)state}")));

    public static int Read(string token, SearchState state)
    {
        if (token.Length == 0)
            return 0;
        try
        {
            string[] parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int offset)
                && parts[1] == ((int)state).ToString(CultureInfo.InvariantCulture))
                return offset;
        }
        catch (FormatException)
        {
        }
        throw new FieldException("page_token", "not a token this list issued (the filter must stay the same between pages)");
    }
}
