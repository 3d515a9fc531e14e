using System.Globalization;

namespace Flexiffusion.Plans.Internal;

/// <summary>
/// The one scanner behind both schedule texts (step plans and segment lists): a position in the text, numbers,
/// separators, the <c>x&lt;count&gt;</c> repeat suffix, and errors that name the character position.
/// </summary>
internal sealed class TextScanner(string text)
{
    public string Text { get; } = text;

    public int Position { get; set; }

    public bool AtEnd => Position >= Text.Length;

    public char Current => Text[Position];

    public bool At(char c) => !AtEnd && Text[Position] == c;

    public bool AtDigit => !AtEnd && char.IsAsciiDigit(Text[Position]);

    public void Advance() => Position++;

    public void SkipSpaces()
    {
        while (!AtEnd && char.IsWhiteSpace(Current))
            Position++;
    }

    /// <summary>Skips spaces and commas, which separate items in both texts.</summary>
    public void SkipSeparators()
    {
        while (!AtEnd && IsSeparator(Current))
            Position++;
    }

    public static bool IsSeparator(char c) => char.IsWhiteSpace(c) || c == ',';

    /// <summary>Reads the digits at the position (there must be one).</summary>
    public int ReadNumber(string what)
    {
        int start = Position;
        while (!AtEnd && char.IsAsciiDigit(Current))
            Position++;
        if (!int.TryParse(Text.AsSpan(start, Position - start), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            throw Error($"{what} is too large", start);
        return value;
    }

    /// <summary>Reads a number, or fails with <c>expected &lt;what&gt;</c> when there is none.</summary>
    public int ReadRequiredNumber(string what)
    {
        if (!AtDigit)
            throw Error($"expected {what}");
        return ReadNumber(what);
    }

    public void Expect(char c, string where)
    {
        if (!At(c))
            throw Error($"expected '{c}' {where}");
        Position++;
    }

    /// <summary>An optional repeat suffix <c>x&lt;count&gt;</c> (also <c>X</c> or <c>*</c>); 1 when there is none.</summary>
    public int ReadRepeat()
    {
        if (AtEnd || Current is not ('x' or 'X' or '*'))
            return 1;
        Position++;
        if (!AtDigit)
            throw Error("a repeat needs a count, e.g. x4");
        int at = Position;
        int count = ReadNumber("a repeat count");
        if (count < 1)
            throw Error("a repeat count must be ≥ 1", at);
        return count;
    }

    public FormatException Error(string why, int? at = null) => new($"at character {(at ?? Position) + 1}: {why}");
}
