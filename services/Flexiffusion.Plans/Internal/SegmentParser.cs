namespace Flexiffusion.Plans.Internal;

/// <summary>
/// Parser of the segment list, the segment-wise shorthand of a plan: the segment count, a colon, then one gene per
/// segment (<c>branch:interval</c>, or <c>F</c> for a lone full step), each optionally followed by <c>/length</c>
/// (unequal segments) and a repeat.
/// </summary>
internal static class SegmentParser
{
    private const int MaxSegments = 100_000;

    private readonly record struct Item(int Branch, int Interval, int? Length, int Repeat, int At);

    /// <summary>Whether <paramref name="text"/> is a segment list (it starts with the segment count and a colon).</summary>
    public static bool Looks(string text)
    {
        var scanner = new TextScanner(text);
        scanner.SkipSpaces();
        if (!scanner.AtDigit)
            return false;
        scanner.ReadNumber("the segment count");
        scanner.SkipSpaces();
        return scanner.At(':');
    }

    public static List<Segment> Parse(string text, int positions)
    {
        var scanner = new TextScanner(text);
        scanner.SkipSpaces();
        if (scanner.AtEnd)
            throw new FormatException("the candidate text is empty (expected e.g. '20: 2:5x20')");
        if (!scanner.AtDigit)
            throw scanner.Error($"expected the segment count, found '{scanner.Current}' (e.g. '20: 2:5x20')");
        int countAt = scanner.Position;
        int count = scanner.ReadNumber("the segment count");
        if (count < 1)
            throw scanner.Error("the segment count must be ≥ 1", countAt);
        scanner.SkipSpaces();
        scanner.Expect(':', "after the segment count");
        var items = new List<Item>();
        long listed = 0;
        while (true)
        {
            scanner.SkipSeparators();
            if (scanner.AtEnd)
                break;
            var item = ParseItem(scanner);
            listed += item.Repeat;
            if (listed > MaxSegments)
                throw scanner.Error($"more than {MaxSegments} segments", item.At);
            items.Add(item);
        }
        if (items.Count == 0)
            throw scanner.Error("no segments after the count");
        if (listed != count)
            throw new FormatException($"at character {countAt + 1}: the count says {count} segment(s) but {listed} are listed");
        return Build(items, count, positions);
    }

    private static List<Segment> Build(List<Item> items, int count, int positions)
    {
        int withLength = items.Count(i => i.Length is not null);
        if (withLength != 0 && withLength != items.Count)
        {
            var bad = items.First(i => i.Length is null);
            throw new FormatException($"at character {bad.At + 1}: either every segment gives '/length' or none does");
        }
        int equalLength = 0;
        if (withLength == 0)
        {
            if (positions % count != 0)
                throw new FormatException($"{count} equal segments cannot tile {positions} teacher steps (give '/length' per segment for unequal segments)");
            equalLength = positions / count;
        }
        else
        {
            long total = items.Sum(i => (long)i.Length!.Value * i.Repeat);
            if (total != positions)
                throw new FormatException($"the segment lengths add up to {total} but the teacher has {positions} steps");
        }
        var segments = new List<Segment>(count);
        foreach (var item in items)
        {
            int length = item.Length ?? equalLength;
            if (item.Interval > length)
                throw new FormatException($"at character {item.At + 1}: interval {item.Interval} is longer than its segment ({length} positions)");
            var segment = new Segment(length, item.Branch, item.Interval);
            for (int r = 0; r < item.Repeat; r++)
                segments.Add(segment);
        }
        return segments;
    }

    private static Item ParseItem(TextScanner scanner)
    {
        int at = scanner.Position;
        int branch;
        int interval;
        char c = scanner.Current;
        if (c is 'F' or 'f')
        {
            scanner.Advance();
            branch = -1;
            interval = 1;
        }
        else if (c == '-')
        {
            scanner.Advance();
            scanner.Expect(':', "after '-'");
            int intervalAt = scanner.Position;
            interval = scanner.ReadRequiredNumber("an interval");
            if (interval != 1)
                throw scanner.Error("'-' (no branch) only goes with interval 1", intervalAt);
            branch = -1;
        }
        else if (char.IsAsciiDigit(c))
        {
            branch = scanner.ReadNumber("the branch");
            scanner.Expect(':', "between branch and interval (e.g. 2:5)");
            int intervalAt = scanner.Position;
            interval = scanner.ReadRequiredNumber("an interval");
            if (interval < 1)
                throw scanner.Error("the interval must be ≥ 1", intervalAt);
        }
        else
        {
            throw scanner.Error($"unexpected '{c}' (expected a segment such as 2:5 or F)");
        }
        int? length = null;
        if (scanner.At('/'))
        {
            scanner.Advance();
            int lengthAt = scanner.Position;
            length = scanner.ReadRequiredNumber("a segment length");
            if (length < 1)
                throw scanner.Error("a segment length must be ≥ 1", lengthAt);
        }
        int repeat = scanner.ReadRepeat();
        if (!scanner.AtEnd && !TextScanner.IsSeparator(scanner.Current))
            throw scanner.Error($"unexpected '{scanner.Current}' after a segment");
        return new Item(branch, interval, length, repeat, at);
    }
}
