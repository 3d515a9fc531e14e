using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>Parsing of the list options of <c>flexiffusion baselines</c>; every error names its option.</summary>
public static class BaselineOptionParsing
{
    /// <summary>The default step counts: ⌈T/10⌉ to ⌊T/2⌋ (MAC speed-ups of about 10x down to 2x), at least one.</summary>
    public static IReadOnlyList<int> DefaultSteps(int teacherSteps)
    {
        int from = Math.Max(1, (teacherSteps + 9) / 10), to = Math.Max(from, teacherSteps / 2);
        return [.. Enumerable.Range(from, to - from + 1)];
    }

    /// <summary>The default DeepCache intervals: 2 to 10, at most T.</summary>
    public static IReadOnlyList<int> DefaultIntervals(int teacherSteps) => [.. Enumerable.Range(2, Math.Max(0, Math.Min(10, teacherSteps) - 1))];

    /// <summary>Samplers from a comma-separated list, in order, without repeats.</summary>
    public static IReadOnlyList<SamplerKind> Samplers(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        var kinds = new List<SamplerKind>();
        foreach (string name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            SamplerKind kind;
            try
            {
                kind = SamplerFactory.Parse(name);
            }
            catch (ArgumentException)
            {
                throw new UsageException($"{option}: unknown sampler '{name}' (known: {string.Join(", ", SamplerFactory.Names)})");
            }
            if (!kinds.Contains(kind))
                kinds.Add(kind);
        }
        return kinds.Count > 0 ? kinds : throw new UsageException($"{option}: needs at least one sampler");
    }

    /// <summary>The union of the families in a comma-separated list of names.</summary>
    public static ScheduleSeeding Families(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var families = ScheduleSeeding.None;
        foreach (string name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            families |= ScheduleSeedingNames.TryParse(name)
                ?? throw new UsageException($"--families: unknown family '{name}' (expected {ScheduleSeedingNames.Expected})");
        }
        return families != ScheduleSeeding.None ? families : throw new UsageException("--families: needs at least one family");
    }

    /// <summary>A list or range (<c>2-10</c>, <c>2,4,8</c>) whose values lie in <paramref name="min"/>..<paramref name="max"/>, ascending, without repeats; null when not given.</summary>
    public static IReadOnlyList<int>? Range(string? text, string option, int min, int max, string what)
    {
        var values = SpaceOptions.ParseList(text, option);
        if (values is null)
            return null;
        if (values.FirstOrDefault(v => v < min || v > max, int.MinValue) is var outside && outside != int.MinValue)
            throw new UsageException($"{option}: {what} = {outside} is outside {min}..{max}");
        return [.. values.Distinct().Order()];
    }
}
