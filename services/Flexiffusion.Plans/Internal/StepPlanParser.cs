using System.Globalization;

namespace Flexiffusion.Plans.Internal;

/// <summary>Recursive-descent parser of the plan text form; errors name the character position.</summary>
internal sealed class StepPlanParser
{
    private const int MaxPositions = 1_000_000;
    private readonly string _text;
    private int _pos;

    private StepPlanParser(string text) => _text = text;

    public static List<PlanStep> Parse(string text, int positions)
    {
        string trimmed = text.Trim();
        if (trimmed.Length == 0)
            throw new FormatException("the plan text is empty");
        string head = trimmed.Split(':')[0].ToLowerInvariant();
        if (trimmed.Contains(':', StringComparison.Ordinal) || head is "teacher" or "full")
            return ParseShorthand(trimmed, positions);
        var parser = new StepPlanParser(text);
        var steps = parser.ParseSequence(depth: 0);
        if (parser._pos < text.Length)
            throw parser.Error(text[parser._pos] == ')' ? "')' without a matching '('" : $"unexpected '{text[parser._pos]}'");
        return steps;
    }

    private static List<PlanStep> ParseShorthand(string text, int positions)
    {
        string[] parts = text.Split(':');
        string name = parts[0].ToLowerInvariant();
        int Arg(int i, string what)
        {
            if (parts.Length <= i || !int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out int value))
                throw new FormatException($"'{name}' needs {what} as a non-negative integer (e.g. {Example(name)})");
            return value;
        }
        int expected = name switch { "teacher" or "full" => 1, "deepcache" or "deepcache-nu" => 3, "ddim" or "quadratic" => 2, _ => -1 };
        if (expected < 0)
            throw new FormatException($"unknown plan shorthand '{parts[0]}' (expected teacher, ddim:<steps>, quadratic:<steps>, deepcache:<interval>:<branch>, deepcache-nu:<steps>:<branch> or a step list such as 'F P3x4')");
        if (parts.Length != expected)
            throw new FormatException($"'{name}' takes {expected - 1} argument(s) separated by ':' (e.g. {Example(name)})");
        try
        {
            var plan = name switch
            {
                "deepcache" => StepPlan.DeepCacheUniform(positions, Arg(1, "an interval ≥ 1"), Arg(2, "a branch")),
                "deepcache-nu" => StepPlan.DeepCacheNonUniform(positions, Arg(1, "a step count"), Arg(2, "a branch"))
                    ?? throw new FormatException($"deepcache-nu: no placement of {parts[1]} full steps around position {FullSteps.DefaultCenter(positions)} of {positions}"),
                "ddim" => StepPlan.StepReduction(positions, Arg(1, "a step count")),
                "quadratic" => StepPlan.QuadraticStepReduction(positions, Arg(1, "a step count")),
                _ => StepPlan.Teacher(positions),
            };
            return [.. plan.Steps];
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"'{text}': {e.ParamName} must be between 1 and {positions} (got {e.ActualValue})", e);
        }
    }

    private static string Example(string name) => name switch
    {
        "deepcache" => "deepcache:5:2",
        "deepcache-nu" => "deepcache-nu:20:2",
        "ddim" => "ddim:20",
        "quadratic" => "quadratic:20",
        _ => "teacher",
    };

    private List<PlanStep> ParseSequence(int depth)
    {
        var steps = new List<PlanStep>();
        while (true)
        {
            SkipSeparators();
            if (_pos >= _text.Length || _text[_pos] == ')')
                break;
            var item = ParseItem(depth);
            if (steps.Count + (long)item.Count > MaxPositions)
                throw Error($"the plan is longer than {MaxPositions} positions");
            steps.AddRange(item);
        }
        return steps;
    }

    private List<PlanStep> ParseItem(int depth)
    {
        int start = _pos;
        List<PlanStep> atom;
        char c = char.ToUpperInvariant(_text[_pos]);
        switch (c)
        {
            case 'F':
                _pos++;
                atom = [PlanStep.Full];
                break;
            case 'N':
                _pos++;
                atom = [PlanStep.Null];
                break;
            case 'P':
                _pos++;
                if (_pos >= _text.Length || !char.IsAsciiDigit(_text[_pos]))
                    throw Error("'P' needs a branch number, e.g. P3");
                atom = [PlanStep.Partial(ReadNumber("branch"))];
                break;
            case '(':
                if (depth >= 16)
                    throw Error("groups are nested more than 16 deep");
                _pos++;
                atom = ParseSequence(depth + 1);
                if (_pos >= _text.Length || _text[_pos] != ')')
                    throw new FormatException($"at character {start + 1}: '(' is never closed");
                if (atom.Count == 0)
                    throw new FormatException($"at character {start + 1}: empty group '()'");
                _pos++;
                break;
            default:
                throw Error($"unknown step '{_text[_pos]}' (expected F, N, P<branch> or a group in parentheses)");
        }
        if (_pos < _text.Length && _text[_pos] is 'x' or 'X' or '*')
        {
            _pos++;
            if (_pos >= _text.Length || !char.IsAsciiDigit(_text[_pos]))
                throw Error("a repeat needs a count, e.g. x4");
            int count = ReadNumber("repeat count");
            if (count < 1)
                throw Error("a repeat count must be ≥ 1");
            if ((long)atom.Count * count > MaxPositions)
                throw Error($"the plan is longer than {MaxPositions} positions");
            var repeated = new List<PlanStep>(atom.Count * count);
            for (int i = 0; i < count; i++)
                repeated.AddRange(atom);
            atom = repeated;
        }
        return atom;
    }

    private int ReadNumber(string what)
    {
        int start = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            _pos++;
        if (!int.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            throw new FormatException($"at character {start + 1}: {what} is too large");
        return value;
    }

    private void SkipSeparators()
    {
        while (_pos < _text.Length && (char.IsWhiteSpace(_text[_pos]) || _text[_pos] == ','))
            _pos++;
    }

    private FormatException Error(string why) => new($"at character {_pos + 1}: {why}");
}
