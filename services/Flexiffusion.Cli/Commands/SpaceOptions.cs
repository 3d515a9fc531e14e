using System.CommandLine;
using System.Globalization;
using Flexiffusion.Search;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Cli.Commands;

/// <summary>The options that define a search space (<c>space</c>, and later <c>search</c>), with errors named by option.</summary>
public sealed class SpaceOptions
{
    /// <summary>Teacher steps.</summary>
    public Option<int> Steps { get; } = new Option<int>("--steps") { Description = "Teacher steps T", DefaultValueFactory = _ => 100 }.Sets("evaluation.teacher_steps");

    /// <summary>Allowed segment counts.</summary>
    public Option<string?> Segments { get; } = new Option<string?>("--segments") { Description = "Allowed segment counts, e.g. 5,10,20 or 4-25 (default: every count that tiles T)" }.Sets("space.segment_counts");

    /// <summary>Allowed branches.</summary>
    public Option<string?> Branches { get; } = new Option<string?>("--branches") { Description = "Allowed cache branches, e.g. 0-4 or 0,2,5 (default: every branch of the model)" }.Sets("space.branches");

    /// <summary>Smallest interval.</summary>
    public Option<int> MinInterval { get; } = new Option<int>("--min-interval") { Description = "Smallest interval k (active steps per segment)", DefaultValueFactory = _ => 1 }.Sets("space.min_interval");

    /// <summary>Largest interval.</summary>
    public Option<int?> MaxInterval { get; } = new Option<int?>("--max-interval") { Description = "Largest interval k (default: the segment length)" }.Sets("space.max_interval");

    /// <summary>Whether segments may be unequal.</summary>
    public Option<bool> Unequal { get; } = new("--unequal") { Description = "Allow segments of unequal length (the default; kept for scripts that pass it)" };

    /// <summary>Restricts the space to equal segments (the paper's space).</summary>
    public Option<bool> Equal { get; } = new("--equal") { Description = "Only equal segments (the paper's space: segment counts must divide T, and DDIM-k only for such k)" };

    /// <summary>Shortest unequal segment.</summary>
    public Option<int> MinLength { get; } = new Option<int>("--min-length") { Description = "Shortest segment with --unequal", DefaultValueFactory = _ => 1 }.Sets("space.min_segment_length");

    /// <summary>Longest unequal segment.</summary>
    public Option<int?> MaxLength { get; } = new Option<int?>("--max-length") { Description = "Longest segment with --unequal (default: T)" }.Sets("space.max_segment_length");

    /// <summary>Adds the options to a command; without <paramref name="includeSteps"/> when another option set owns <c>--steps</c>.</summary>
    public void AddTo(Command command, bool includeSteps = true)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (includeSteps)
            command.Options.Add(Steps);
        foreach (Option option in new Option[] { Segments, Branches, MinInterval, MaxInterval, Unequal, Equal, MinLength, MaxLength })
            command.Options.Add(option);
    }

    /// <summary>Builds the space from parsed options; a bad value becomes a usage error naming its option.</summary>
    public SearchSpace Build(ParseResult parse, int branchCount)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var branches = ParseList(parse.GetValue(Branches), "--branches") ?? Enumerable.Range(0, branchCount).ToList();
        if (branches.FirstOrDefault(b => b >= branchCount, -1) is var missing && missing >= 0)
            throw new UsageException($"--branches: branch {missing} does not exist (the model has branches 0..{branchCount - 1})");
        bool unequal = IsUnequal(parse);
        try
        {
            return SearchSpace.Create(parse.GetValue(Steps), branches, ParseList(parse.GetValue(Segments), "--segments"),
                parse.GetValue(MinInterval), parse.GetValue(MaxInterval), unequal, parse.GetValue(MinLength), parse.GetValue(MaxLength));
        }
        catch (FieldException e)
        {
            throw FieldOptions.ToUsage(e);
        }
    }

    /// <summary>Whether segments may be unequal: yes unless <c>--equal</c> (which <c>--unequal</c> contradicts).</summary>
    public bool IsUnequal(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        bool equal = parse.GetValue(Equal);
        if (equal && parse.GetValue(Unequal))
            throw new UsageException("--equal: cannot be combined with --unequal");
        return !equal;
    }

    /// <summary>Parses <c>1,2,5</c>, <c>0-8</c> or a mix such as <c>0-3,7</c>; null for no value.</summary>
    public static List<int>? ParseList(string? text, string option)
    {
        if (text is null)
            return null;
        var values = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string[] range = part.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length is < 1 or > 2 || !range.All(r => int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                throw new UsageException($"{option}: '{part}' is not a number or a range such as 0-8");
            int from = int.Parse(range[0], CultureInfo.InvariantCulture);
            int to = int.Parse(range[^1], CultureInfo.InvariantCulture);
            if (to < from || to - from > 100_000)
                throw new UsageException($"{option}: '{part}' is not an increasing range");
            values.AddRange(Enumerable.Range(from, to - from + 1));
        }
        if (values.Count == 0)
            throw new UsageException($"{option}: needs at least one value");
        return values;
    }
}
