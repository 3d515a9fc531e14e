using System.Globalization;
using System.Text;
using Flexiffusion.Plans;

namespace Flexiffusion.Search.Space;

public sealed partial class Candidate
{
    /// <summary>
    /// Parses the candidate text form, the segment list that is also a plan shorthand (<see cref="StepPlan.ParseSegments"/>):
    /// the segment count, a colon, then one gene per segment — <c>branch:interval</c>, or <c>F</c> — each optionally
    /// followed by <c>/length</c> and <c>x&lt;repeat&gt;</c>. Example: <c>20: 2:5x20</c>; <c>3: 2:5/40 2:5/30 F/30</c>.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="teacherSteps">The teacher's step count; equal segments (no <c>/length</c>) split it evenly.</param>
    /// <exception cref="FormatException">The text is malformed; the message gives the character position and the reason.</exception>
    public static Candidate Parse(string text, int teacherSteps)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(teacherSteps, 1);
        return new Candidate(StepPlan.ParseSegments(text, teacherSteps));
    }

    /// <summary>Parses the candidate text form; returns false with the reason instead of throwing.</summary>
    public static bool TryParse(string text, int teacherSteps, out Candidate? candidate, out string? error)
    {
        try
        {
            candidate = Parse(text, teacherSteps);
            error = null;
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            candidate = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>
    /// The canonical text form: runs of identical segments as <c>x&lt;count&gt;</c>, lengths only when the
    /// segments are unequal. Equal candidates have equal text, and <see cref="Parse"/> reads it back.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(SegmentCount.ToString(CultureInfo.InvariantCulture)).Append(':');
        for (int i = 0; i < Segments.Length;)
        {
            int run = 1;
            while (i + run < Segments.Length && Segments[i + run] == Segments[i])
                run++;
            text.Append(' ').Append(HasEqualSegments ? Segments[i].Gene : Segments[i].ToString());
            if (run > 1)
                text.Append('x').Append(run.ToString(CultureInfo.InvariantCulture));
            i += run;
        }
        return text.ToString();
    }
}
