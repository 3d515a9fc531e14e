using System.Globalization;
using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>
/// A list of named schedules to judge, one per line: <c>NAME SAMPLER SCHEDULE</c>, where SCHEDULE is candidate text
/// (<c>32: F/3x7 F/4 …</c>) or a hand-made name (<c>teacher</c>, <c>ddim:k</c>, <c>quadratic:k</c>, <c>deepcache:N:b</c>,
/// <c>deepcache-nu:k:b</c>). Blank lines and lines starting with <c>#</c> are skipped. Used to judge search results and
/// chosen baselines side by side (Table 1), each under its own sampler.
/// </summary>
public static class BaselinePlanFile
{
    /// <summary>Family name of the rows a plan file gives.</summary>
    public const string Family = "plans";

    /// <summary>Reads the file; every error names <c>--plans</c> and the line.</summary>
    public static BaselineSelection Read(string path, int teacherSteps, int branchCount)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new UsageException($"--plans: no such file '{path}'");
        var schedules = new List<BaselineSchedule>();
        var names = new HashSet<(string, SamplerKind)>();
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            string[] parts = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length < 3)
                throw Error(i, "expected NAME SAMPLER SCHEDULE");
            SamplerKind sampler;
            try
            {
                sampler = SamplerFactory.Parse(parts[1]);
            }
            catch (ArgumentException)
            {
                throw Error(i, $"unknown sampler '{parts[1]}' (known: {string.Join(", ", SamplerFactory.Names)})");
            }
            if (!names.Add((parts[0], sampler)))
                throw Error(i, $"'{parts[0]}' under {parts[1]} is listed twice");
            var candidate = Schedule(parts[2], teacherSteps, i);
            if (candidate.Segments.Any(s => s.Branch >= branchCount))
                throw Error(i, $"uses a branch the model lacks (branches 0..{branchCount - 1})");
            schedules.Add(new BaselineSchedule(Family, parts[0], candidate, candidate.ToPlan(), sampler));
        }
        return schedules.Count > 0 ? new BaselineSelection(schedules, []) : throw new UsageException($"--plans: '{path}' lists no schedule");
    }

    private static Candidate Schedule(string text, int teacherSteps, int line)
    {
        if (Candidate.TryParse(text, teacherSteps, out var candidate, out string? error))
            return candidate!;
        string[] parts = text.Split(':');
        int[] numbers = [.. parts.Skip(1).Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : -1)];
        try
        {
            return (parts[0], numbers) switch
            {
                ("teacher", []) => KnownSchedules.StepReduction(teacherSteps, teacherSteps),
                ("ddim", [var k]) when k >= 1 => KnownSchedules.StepReduction(teacherSteps, k),
                ("quadratic", [var k]) when k >= 1 => KnownSchedules.QuadraticStepReduction(teacherSteps, k),
                ("deepcache", [var n, var b]) when n >= 1 && b >= 0 => KnownSchedules.DeepCacheUniform(teacherSteps, n, b),
                ("deepcache-nu", [var k, var b]) when k >= 2 && b >= 0 => KnownSchedules.DeepCacheNonUniform(teacherSteps, k, b, (int)Math.Round(0.3 * teacherSteps))
                    ?? throw Error(line, $"DeepCache non-uniform cannot place {k} full steps in {teacherSteps}"),
                _ => throw Error(line, $"'{text}' is neither candidate text ({error}) nor teacher, ddim:k, quadratic:k, deepcache:N:b or deepcache-nu:k:b"),
            };
        }
        catch (ArgumentException e)
        {
            throw Error(line, $"'{text}': {e.Message}");
        }
    }

    private static UsageException Error(int line, string why) => new($"--plans: line {line + 1}: {why}");
}
