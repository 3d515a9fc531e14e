using System.Globalization;
using System.Text;
using Flexiffusion.Plans.Internal;

namespace Flexiffusion.Plans;

public sealed partial class StepPlan
{
    /// <summary>
    /// Parses the plan text form. Tokens <c>F</c>, <c>N</c>, <c>P&lt;branch&gt;</c>, groups in
    /// parentheses, each optionally repeated with <c>x&lt;count&gt;</c>, separated by spaces or commas
    /// (e.g. <c>(F P3x4)x20</c>); or a shorthand resolved against <paramref name="positions"/>: a segment list
    /// (<c>20: 2:5x20</c>, <see cref="ParseSegments"/>), <c>teacher</c>, <c>ddim:&lt;steps&gt;</c>,
    /// <c>quadratic:&lt;steps&gt;</c>, <c>deepcache:&lt;interval&gt;:&lt;branch&gt;</c>,
    /// <c>deepcache-nu:&lt;steps&gt;:&lt;branch&gt;</c>.
    /// </summary>
    /// <param name="text">The plan text.</param>
    /// <param name="positions">The teacher's step count the plan must cover.</param>
    /// <exception cref="FormatException">The text is malformed; the message says where and why.</exception>
    public static StepPlan Parse(string text, int positions)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckPositions(positions);
        var steps = StepPlanParser.Parse(text, positions);
        if (steps.Count != positions)
            throw new FormatException($"the plan has {steps.Count} positions but the teacher has {positions}");
        if (steps[0].Kind != StepKind.Full)
            throw new FormatException($"a plan must start with a full step F (it starts with {steps[0]})");
        return new StepPlan(steps);
    }

    /// <summary>
    /// Parses a segment list, the segment-wise shorthand of a plan: the segment count, a colon, then one gene per
    /// segment — <c>branch:interval</c>, or <c>F</c> for a segment that only runs its full step — each optionally
    /// followed by <c>/length</c> (unequal segments) and <c>x&lt;repeat&gt;</c>, separated by spaces or commas.
    /// <c>20: 2:5x20</c> is DeepCache 1:5 at branch 2 over 100 steps; <c>3: 2:5/40 2:5/30 F/30</c> has unequal segments.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="positions">The teacher's step count; equal segments (no <c>/length</c>) split it evenly.</param>
    /// <exception cref="FormatException">The text is malformed; the message gives the character position and the reason.</exception>
    public static IReadOnlyList<Segment> ParseSegments(string text, int positions)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckPositions(positions);
        return SegmentParser.Parse(text, positions);
    }

    /// <summary>Parses the plan text form; returns false with a message instead of throwing.</summary>
    public static bool TryParse(string text, int positions, out StepPlan? plan, out string? error)
    {
        try
        {
            plan = Parse(text, positions);
            error = null;
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            plan = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>The compact text form: runs as <c>x&lt;count&gt;</c>, a repeating pattern as a group.</summary>
    public override string ToString()
    {
        int period = SmallestPeriod();
        if (period == 1)
            return RunLength(_steps.AsSpan());
        string body = RunLength(_steps.AsSpan(0, period));
        int repeats = Count / period;
        return repeats == 1 ? body : $"({body})x{repeats.ToString(CultureInfo.InvariantCulture)}";
    }

    private int SmallestPeriod()
    {
        for (int p = 1; p < Count; p++)
        {
            if (Count % p != 0)
                continue;
            bool periodic = true;
            for (int i = p; i < Count && periodic; i++)
                periodic = _steps[i] == _steps[i - p];
            if (periodic)
                return p;
        }
        return Count;
    }

    private static string RunLength(ReadOnlySpan<PlanStep> steps)
    {
        var text = new StringBuilder();
        for (int i = 0; i < steps.Length;)
        {
            int run = 1;
            while (i + run < steps.Length && steps[i + run] == steps[i])
                run++;
            if (text.Length > 0)
                text.Append(' ');
            text.Append(steps[i].ToString());
            if (run > 1)
                text.Append('x').Append(run.ToString(CultureInfo.InvariantCulture));
            i += run;
        }
        return text.ToString();
    }
}
