using System.Globalization;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Internal;

/// <summary>Parser of the candidate text form; every error names the character position and the reason.</summary>
internal sealed class CandidateParser
{
    private const int MaxSegments = 100_000;
    private readonly string _text;
    private int _pos;

    private CandidateParser(string text) => _text = text;

    private readonly record struct Item(int Branch, int Interval, int? Length, int Repeat, int At);

    public static Candidate Parse(string text, int teacherSteps)
    {
        var parser = new CandidateParser(text);
        return parser.ParseCandidate(teacherSteps);
    }

    private Candidate ParseCandidate(int teacherSteps)
    {
        SkipSpaces();
        if (_pos >= _text.Length)
            throw new FormatException("the candidate text is empty (expected e.g. '20: 2:5x20')");
        if (!char.IsAsciiDigit(_text[_pos]))
            throw Error($"expected the segment count, found '{_text[_pos]}' (e.g. '20: 2:5x20')");
        int countAt = _pos;
        int count = ReadNumber("the segment count");
        if (count < 1)
            throw Error("the segment count must be ≥ 1", countAt);
        SkipSpaces();
        Expect(':', "after the segment count");
        var items = new List<Item>();
        long listed = 0;
        while (true)
        {
            SkipSeparators();
            if (_pos >= _text.Length)
                break;
            var item = ParseItem();
            listed += item.Repeat;
            if (listed > MaxSegments)
                throw Error($"more than {MaxSegments} segments", item.At);
            items.Add(item);
        }
        if (items.Count == 0)
            throw Error("no segments after the count");
        if (listed != count)
            throw new FormatException($"at character {countAt + 1}: the count says {count} segment(s) but {listed} are listed");
        return Build(items, count, teacherSteps);
    }

    private static Candidate Build(List<Item> items, int count, int teacherSteps)
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
            if (teacherSteps % count != 0)
                throw new FormatException($"{count} equal segments cannot tile {teacherSteps} teacher steps (give '/length' per segment for unequal segments)");
            equalLength = teacherSteps / count;
        }
        else
        {
            long total = items.Sum(i => (long)i.Length!.Value * i.Repeat);
            if (total != teacherSteps)
                throw new FormatException($"the segment lengths add up to {total} but the teacher has {teacherSteps} steps");
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
        return new Candidate(segments);
    }

    private Item ParseItem()
    {
        int at = _pos;
        int branch;
        int interval;
        char c = _text[_pos];
        if (c is 'F' or 'f')
        {
            _pos++;
            branch = -1;
            interval = 1;
        }
        else if (c == '-')
        {
            _pos++;
            Expect(':', "after '-'");
            int intervalAt = _pos;
            interval = ReadRequiredNumber("an interval");
            if (interval != 1)
                throw Error("'-' (no branch) only goes with interval 1", intervalAt);
            branch = -1;
        }
        else if (char.IsAsciiDigit(c))
        {
            branch = ReadNumber("the branch");
            Expect(':', "between branch and interval (e.g. 2:5)");
            int intervalAt = _pos;
            interval = ReadRequiredNumber("an interval");
            if (interval < 1)
                throw Error("the interval must be ≥ 1", intervalAt);
        }
        else
        {
            throw Error($"unexpected '{c}' (expected a segment such as 2:5 or F)");
        }
        int? length = null;
        if (_pos < _text.Length && _text[_pos] == '/')
        {
            _pos++;
            int lengthAt = _pos;
            length = ReadRequiredNumber("a segment length");
            if (length < 1)
                throw Error("a segment length must be ≥ 1", lengthAt);
        }
        int repeat = 1;
        if (_pos < _text.Length && _text[_pos] is 'x' or 'X' or '*')
        {
            _pos++;
            int repeatAt = _pos;
            repeat = ReadRequiredNumber("a repeat count");
            if (repeat < 1)
                throw Error("a repeat count must be ≥ 1", repeatAt);
        }
        if (_pos < _text.Length && !IsSeparator(_text[_pos]))
            throw Error($"unexpected '{_text[_pos]}' after a segment");
        return new Item(branch, interval, length, repeat, at);
    }

    private int ReadRequiredNumber(string what)
    {
        if (_pos >= _text.Length || !char.IsAsciiDigit(_text[_pos]))
            throw Error($"expected {what}");
        return ReadNumber(what);
    }

    private int ReadNumber(string what)
    {
        int start = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            _pos++;
        if (!int.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            throw Error($"{what} is too large", start);
        return value;
    }

    private void Expect(char c, string where)
    {
        if (_pos >= _text.Length || _text[_pos] != c)
            throw Error($"expected '{c}' {where}");
        _pos++;
    }

    private void SkipSpaces()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
            _pos++;
    }

    private void SkipSeparators()
    {
        while (_pos < _text.Length && IsSeparator(_text[_pos]))
            _pos++;
    }

    private static bool IsSeparator(char c) => char.IsWhiteSpace(c) || c == ',';

    private FormatException Error(string why, int? at = null) => new($"at character {(at ?? _pos) + 1}: {why}");
}
