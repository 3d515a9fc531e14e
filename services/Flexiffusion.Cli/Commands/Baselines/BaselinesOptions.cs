using System.CommandLine;
using Flexiffusion.Diffusion.Data;
using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>The options of <c>flexiffusion baselines</c> beyond MODEL, GENERATION and data, with their checks.</summary>
public sealed class BaselinesOptions
{
    /// <summary>The samplers evaluated when <c>--samplers</c> is not given.</summary>
    public const string DefaultSamplers = "ddim,plms,dpm-solver++";

    /// <summary>Samplers every schedule runs under.</summary>
    public Option<string> Samplers { get; } = new("--samplers")
    {
        Description = $"Samplers every schedule runs under, comma-separated: {string.Join(", ", SamplerFactory.Names)}",
        DefaultValueFactory = _ => DefaultSamplers,
    };

    /// <summary>Families of hand-made schedules.</summary>
    public Option<string> Families { get; } = new("--families")
    {
        Description = $"Schedule families, comma-separated: {ScheduleSeedingNames.Expected}",
        DefaultValueFactory = _ => "all",
    };

    /// <summary>Step counts of the k-step families and full steps of DeepCache non-uniform.</summary>
    public Option<string?> Steps { get; } = new("--k")
    {
        Description = "Full-step counts k of ddim:k, quadratic:k and deepcache-nu:k, e.g. 10-50 or 10,20,25 (default: ⌈T/10⌉-⌊T/2⌋, MAC speed-ups 2x..10x)",
    };

    /// <summary>DeepCache uniform intervals.</summary>
    public Option<string?> Intervals { get; } = new("--intervals") { Description = "Intervals N of DeepCache uniform 1:N, e.g. 2-10 (default: 2-10, at most T)" };

    /// <summary>DeepCache branches.</summary>
    public Option<string?> Branches { get; } = new("--branches") { Description = "Cache branches of the DeepCache families, e.g. 0-8 or 0,2 (default: every branch of the model)" };

    /// <summary>Images per schedule.</summary>
    public Option<int> Images { get; } = new("--images") { Description = "Images per schedule, from one noise bank for every schedule and the reference", DefaultValueFactory = _ => 256 };

    /// <summary>Sampler of the reference.</summary>
    public Option<string> Reference { get; } = new("--reference")
    {
        Description = "Sampler of the common reference (every one of the T positions full; ddim takes η from --eta); rFID of every schedule is measured against it",
        DefaultValueFactory = _ => "ddim",
    };

    /// <summary>Skips FID against the real digits.</summary>
    public Option<bool> NoFid { get; } = new("--no-fid") { Description = "Skip FID against the real training digits (rFID and KID only)" };

    /// <summary>Feature network weights.</summary>
    public Option<string> Features { get; } = new("--features") { Description = "Feature network weights", DefaultValueFactory = _ => "models/mnist-features/classifier.bin" };

    /// <summary>Disk cache of reference features and real-data statistics.</summary>
    public Option<string> CacheDir { get; } = new("--cache-dir")
    {
        Description = "Disk cache of reference features and real-data statistics (shared with evaluate)",
        DefaultValueFactory = _ => Path.Combine(MnistArchive.DefaultCacheDirectory, "evaluations"),
    };

    /// <summary>Output folder.</summary>
    public Option<string> Out { get; } = new("--out") { Description = "Folder of baselines.jsonl (resumable), front.json and front.md", DefaultValueFactory = _ => "baselines" };

    /// <summary>A file of named schedules to judge instead of the families.</summary>
    public Option<string?> Plans { get; } = new("--plans")
    {
        Description = "Judge these schedules instead of the families: a file of lines 'NAME SAMPLER SCHEDULE' (candidate text, teacher, ddim:k, quadratic:k, deepcache:N:b, deepcache-nu:k:b)",
    };

    /// <summary>Print JSON.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the fronts as JSON instead of tables" };

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (Option option in new Option[] { Samplers, Families, Steps, Intervals, Branches, Images, Reference, NoFid, Features, CacheDir, Out, Plans, Json })
            command.Options.Add(option);
    }

    /// <summary>Resolves everything that does not need the model; a bad value becomes a usage error naming its option.</summary>
    public BaselinesRequest Resolve(ParseResult parse, int teacherSteps)
    {
        ArgumentNullException.ThrowIfNull(parse);
        int images = parse.GetValue(Images);
        if (images < 2)
            throw new UsageException($"--images: must be ≥ 2 (got {images})");
        string features = parse.GetValue(Features)!;
        if (!File.Exists(features))
            throw new UsageException($"--features: no such file '{features}'");
        return new BaselinesRequest(
            BaselineOptionParsing.Samplers(parse.GetValue(Samplers)!, "--samplers"),
            BaselineOptionParsing.Families(parse.GetValue(Families)!),
            BaselineOptionParsing.Range(parse.GetValue(Steps), "--k", 1, teacherSteps, "k") ?? BaselineOptionParsing.DefaultSteps(teacherSteps),
            BaselineOptionParsing.Range(parse.GetValue(Intervals), "--intervals", 2, teacherSteps, "N") ?? BaselineOptionParsing.DefaultIntervals(teacherSteps),
            images,
            BaselineOptionParsing.Samplers(parse.GetValue(Reference)!, "--reference") is [var reference] ? reference : throw new UsageException("--reference: give one sampler"),
            !parse.GetValue(NoFid),
            features,
            parse.GetValue(CacheDir)!,
            parse.GetValue(Out)!,
            parse.GetValue(Json));
    }

    /// <summary>The cache branches to use: the given list, or every branch of a model with <paramref name="branchCount"/> branches.</summary>
    public IReadOnlyList<int> ResolveBranches(ParseResult parse, int branchCount)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var branches = SpaceOptions.ParseList(parse.GetValue(Branches), "--branches");
        if (branches is null)
            return [.. Enumerable.Range(0, branchCount)];
        if (branches.FirstOrDefault(b => b >= branchCount, -1) is var missing && missing >= 0)
            throw new UsageException($"--branches: branch {missing} does not exist (the model has branches 0..{branchCount - 1})");
        return [.. branches.Distinct().Order()];
    }
}
