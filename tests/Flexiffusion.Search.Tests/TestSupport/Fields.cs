using System.Text.RegularExpressions;

namespace Flexiffusion.Search.Tests.TestSupport;

/// <summary>The contract's field path of an engine property, as the engine's validators name it (snake case under its message).</summary>
internal static partial class Fields
{
    public static string Of(string property) => property switch
    {
        "TeacherSteps" => "evaluation.teacher_steps",
        "SegmentCounts" or "Branches" or "MinInterval" or "MaxInterval" or "MinSegmentLength" or "MaxSegmentLength" => "space." + Snake(property),
        _ => "evolution." + Snake(property),
    };

    private static string Snake(string name) => Upper().Replace(name, m => (m.Index == 0 ? "" : "_") + m.Value.ToLowerInvariant());

    [GeneratedRegex("[A-Z]")]
    private static partial Regex Upper();
}
