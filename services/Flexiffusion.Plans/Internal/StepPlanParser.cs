using System.Globalization;

namespace Flexiffusion.Plans.Internal;

/// <summary>
/// Recursive-descent parser of the plan text form, on the scanner both schedule texts share; a segment list
/// (<c>20: 2:5x20</c>, <see cref="SegmentParser"/>) and the named schedules are shorthands of it. Errors name the
/// character position.
/// </summary>
internal sealed class StepPlanParser
{
    private const int MaxPositions = 1_000_000;
    private readonly TextScanner _scanner;

    private StepPlanParser(string text) => _scanner = new TextScanner(text);

    public static List<PlanStep> Parse(string text, int positions)
    {
        string trimmed = text.Trim();
        if (trimmed.Length == 0)
            throw new FormatException("the plan text is empty");
        if (SegmentParser.Looks(trimmed))
            return [.. StepPlan.FromSegments(SegmentParser.Parse(trimmed, positions)).Steps];
        string head = trimmed.Split(':')[0].ToLowerInvariant();
        if (trimmed.Contains(':', StringComparison.Ordinal) || head is "teacher" or "full")
            return ParseShorthand(trimmed, positions);
        var parser = new StepPlanParser(text);
        var steps = parser.ParseSequence(depth: 0);
        var scanner = parser._scanner;
        if (!scanner.AtEnd)
            throw scanner.Error(scanner.Current == ')' ? "')' without a matching '('" : $"unexpected '{scanner.Current}'");
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
            _scanner.SkipSeparators();
            if (_scanner.AtEnd || _scanner.At(')'))
                break;
            var item = ParseItem(depth);
            if (steps.Count + (long)item.Count > MaxPositions)
                throw _scanner.Error($"the plan is longer than {MaxPositions} positions");
            steps.AddRange(item);
        }
        return steps;
    }

    private List<PlanStep> ParseItem(int depth)
    {
        int start = _scanner.Position;
        List<PlanStep> atom;
        switch (char.ToUpperInvariant(_scanner.Current))
        {
            case 'F':
                _scanner.Advance();
                atom = [PlanStep.Full];
                break;
            case 'N':
                _scanner.Advance();
                atom = [PlanStep.Null];
                break;
            case 'P':
                _scanner.Advance();
                if (!_scanner.AtDigit)
                    throw _scanner.Error("'P' needs a branch number, e.g. P3");
                atom = [PlanStep.Partial(_scanner.ReadNumber("the branch"))];
                break;
            case '(':
                if (depth >= 16)
                    throw _scanner.Error("groups are nested more than 16 deep");
                _scanner.Advance();
                atom = ParseSequence(depth + 1);
                if (!_scanner.At(')'))
                    throw _scanner.Error("'(' is never closed", start);
                if (atom.Count == 0)
                    throw _scanner.Error("empty group '()'", start);
                _scanner.Advance();
                break;
            default:
                throw _scanner.Error($"unknown step '{_scanner.Current}' (expected F, N, P<branch> or a group in parentheses)");
        }
        int count = _scanner.ReadRepeat();
        if (count == 1)
            return atom;
        if ((long)atom.Count * count > MaxPositions)
            throw _scanner.Error($"the plan is longer than {MaxPositions} positions");
        var repeated = new List<PlanStep>(atom.Count * count);
        for (int i = 0; i < count; i++)
            repeated.AddRange(atom);
        return repeated;
    }
}
