using System.CommandLine;
using Flexiffusion.Orchestration.Specs;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Cli.Commands;

/// <summary>
/// The options of <c>flexiffusion search</c> that make a <see cref="SearchSpec"/> (space, budget,
/// evolution, evaluation, seed), the same in embedded and remote mode, with every field error turned
/// into the option that set it.
/// </summary>
public sealed class SearchOptions
{
    private static readonly Dictionary<string, string> OptionByField = new(StringComparer.Ordinal)
    {
        ["space.segment_counts"] = "--segments",
        ["space.branches"] = "--branches",
        ["space.min_interval"] = "--min-interval",
        ["space.max_interval"] = "--max-interval",
        ["space.min_segment_length"] = "--min-length",
        ["space.max_segment_length"] = "--max-length",
        ["budget"] = "--speedup",
        ["budget.min_mac_speedup"] = "--speedup",
        ["budget.min_latency_speedup"] = "--speedup",
        ["budget.max_macs"] = "--max-gmacs",
        ["budget.max_latency_ms"] = "--max-ms",
        ["budget.metric"] = "--budget-metric",
        ["evolution.population_size"] = "--population",
        ["evolution.parent_count"] = "--parents",
        ["evolution.mutation_children"] = "--mutations",
        ["evolution.crossover_children"] = "--crossovers",
        ["evolution.mutation_probability"] = "--mutation-prob",
        ["evolution.retile_probability"] = "--retile-prob",
        ["evolution.generations"] = "--generations",
        ["evolution.objective"] = "--objective",
        ["evolution.seeding"] = "--seeding",
        ["evolution.finalists"] = "--finalists",
        ["confirmation.images"] = "--confirm-images",
        ["confirmation.bootstrap"] = "--confirm-bootstrap",
        ["evaluation.model"] = "--config",
        ["evaluation.sampler"] = "--sampler",
        ["evaluation.reference"] = "--reference",
        ["evaluation.eta"] = "--eta",
        ["evaluation.teacher_steps"] = "--steps",
        ["evaluation.spacing"] = "--spacing",
        ["evaluation.schedule"] = "--schedule",
        ["evaluation.nulls"] = "--nulls",
        ["evaluation.images"] = "--images",
        ["evaluation.batch_size"] = "--batch-size",
    };

    public Option<double?> Speedup { get; } = new("--speedup") { Description = "Budget: at least this speed-up over the teacher (default 3 for the single objective)" };
    public Option<double?> MaxGmacs { get; } = new("--max-gmacs") { Description = "Budget: at most this many GMACs per image for the whole run" };
    public Option<double?> MaxMs { get; } = new("--max-ms") { Description = "Budget: at most this many milliseconds per image for the whole run, from step latencies measured on the device (implies --budget-metric latency)" };
    public Option<string?> BudgetMetric { get; } = new("--budget-metric") { Description = "What the budget counts: macs (default) or latency (step latencies measured on the device at start)" };
    public Option<string> Objective { get; } = new("--objective") { Description = "single (best under the budget) or pareto (the whole rFID/MACs front)", DefaultValueFactory = _ => "single" };
    public Option<int> Population { get; } = new("--population") { Description = "First population", DefaultValueFactory = _ => 50 };
    public Option<int> Parents { get; } = new("--parents") { Description = "Best candidates kept as parents", DefaultValueFactory = _ => 10 };
    public Option<int> Mutations { get; } = new("--mutations") { Description = "Mutation children per generation", DefaultValueFactory = _ => 25 };
    public Option<int> Crossovers { get; } = new("--crossovers") { Description = "Crossover children per generation", DefaultValueFactory = _ => 25 };
    public Option<double> MutationProbability { get; } = new("--mutation-prob") { Description = "Mutation probability per segment", DefaultValueFactory = _ => 0.1 };
    public Option<double> RetileProbability { get; } = new("--retile-prob") { Description = "Probability that a mutation re-draws the segment count", DefaultValueFactory = _ => 0.1 };
    public Option<int> Generations { get; } = new("--generations") { Description = "Generations, counting the first population", DefaultValueFactory = _ => 10 };
    public Option<string> Seeding { get; } = new("--seeding") { Description = "Hand-made schedules in the first population (the best inside the budget of each family first): all, none, or a list of step-reduction, quadratic-step-reduction, deepcache-uniform, deepcache-nonuniform", DefaultValueFactory = _ => "all" };
    public Option<ulong> SearchSeed { get; } = new("--search-seed") { Description = "Seed of the search's random draws", DefaultValueFactory = _ => 0UL };
    public Option<int> Images { get; } = new("--images") { Description = "Images per rFID evaluation (same noise for teacher and candidate)", DefaultValueFactory = _ => 256 };
    public Option<int?> Finalists { get; } = new("--finalists") { Description = "Best candidates scored again on fresh noise beside the best baseline of each family; the best there is the answer (default 4; 0 = off; pareto: 0)" };
    public Option<int> ConfirmImages { get; } = new("--confirm-images") { Description = "Images per finalist score (default: twice --images)", DefaultValueFactory = _ => 0 };
    public Option<long?> ConfirmSeed { get; } = new("--confirm-seed") { Description = "Noise seed of the finalist scores (default: --seed + 1)" };
    public Option<string?> Reference { get; } = new("--reference")
    {
        Description = "Sampler of the teacher candidates are scored against (all positions full): ddim, ddpm, plms, dpm-solver++ (default: --sampler itself, the paper's teacher)",
    };
    public Option<int> ConfirmBootstrap { get; } = new("--confirm-bootstrap")
    {
        Description = "Paired bootstrap replicates per finalist score; a searched schedule replaces the best baseline only if it wins 95% of them (0: compare point scores)",
        DefaultValueFactory = _ => ConfirmationSettings.DefaultBootstrap,
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (Option option in new Option[] { Speedup, MaxGmacs, MaxMs, BudgetMetric, Objective, Population, Parents, Mutations, Crossovers,
            MutationProbability, RetileProbability, Generations, Seeding, SearchSeed, Images, Finalists, ConfirmImages, ConfirmSeed, ConfirmBootstrap, Reference })
            command.Options.Add(option);
    }

    /// <summary>The specification from the parsed options; the space comes from <paramref name="space"/>'s options.</summary>
    public SearchSpec Build(ParseResult parse, SpaceOptions space, GenerationOptions generation, string model)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(generation);
        var objective = parse.GetValue(Objective) switch
        {
            "single" => SearchObjective.Single,
            "pareto" => SearchObjective.Pareto,
            var other => throw new UsageException($"--objective: '{other}' is not single or pareto"),
        };
        double? speedup = parse.GetValue(Speedup);
        double? maxGmacs = parse.GetValue(MaxGmacs);
        double? maxMs = parse.GetValue(MaxMs);
        var metric = parse.GetValue(BudgetMetric) switch
        {
            null => maxMs is null ? CostMetric.Macs : CostMetric.Latency,
            "macs" => CostMetric.Macs,
            "latency" => CostMetric.Latency,
            var other => throw new UsageException($"--budget-metric: '{other}' is not macs or latency"),
        };
        if (new[] { speedup, maxGmacs, maxMs }.Count(v => v is not null) > 1)
            throw new UsageException("--speedup: give one of --speedup, --max-gmacs and --max-ms");
        if (maxGmacs is not null && metric == CostMetric.Latency)
            throw new UsageException("--max-gmacs: a latency budget is given in milliseconds with --max-ms");
        if (maxMs is not null && metric == CostMetric.Macs)
            throw new UsageException("--max-ms: a millisecond budget needs --budget-metric latency (or no --budget-metric)");
        if (speedup is null && maxGmacs is null && maxMs is null && objective == SearchObjective.Single)
            speedup = 3;
        return new SearchSpec
        {
            Space = new SpaceSettings
            {
                SegmentCounts = SpaceOptions.ParseList(parse.GetValue(space.Segments), "--segments") ?? [],
                Branches = SpaceOptions.ParseList(parse.GetValue(space.Branches), "--branches") ?? [],
                MinInterval = parse.GetValue(space.MinInterval),
                MaxInterval = parse.GetValue(space.MaxInterval),
                UnequalSegments = space.IsUnequal(parse),
                MinSegmentLength = parse.GetValue(space.MinLength),
                MaxSegmentLength = parse.GetValue(space.MaxLength),
            },
            Budget = new BudgetSettings { MinSpeedup = speedup, MaxCost = maxMs ?? maxGmacs * 1e9, Metric = metric },
            Evolution = new EvolutionOptions
            {
                PopulationSize = parse.GetValue(Population),
                ParentCount = parse.GetValue(Parents),
                MutationChildren = parse.GetValue(Mutations),
                CrossoverChildren = parse.GetValue(Crossovers),
                MutationProbability = parse.GetValue(MutationProbability),
                RetileProbability = parse.GetValue(RetileProbability),
                Generations = parse.GetValue(Generations),
                Objective = objective,
                Seeding = ParseSeeding(parse.GetValue(Seeding)!),
                Finalists = parse.GetValue(Finalists) ?? (objective == SearchObjective.Pareto ? 0 : ConfirmationSettings.DefaultFinalists),
            },
            Confirmation = new ConfirmationSettings { Images = parse.GetValue(ConfirmImages), NoiseSeed = parse.GetValue(ConfirmSeed), Bootstrap = parse.GetValue(ConfirmBootstrap) },
            Evaluation = new EvaluationSettings
            {
                Model = model,
                Sampler = parse.GetValue(generation.Sampler)!,
                Reference = parse.GetValue(Reference) ?? "",
                Eta = parse.GetValue(generation.Eta),
                TeacherSteps = parse.GetValue(generation.Steps),
                Spacing = parse.GetValue(generation.Spacing)!,
                Schedule = parse.GetValue(generation.Schedule)!,
                Nulls = parse.GetValue(generation.Nulls)!,
                NoiseSeed = parse.GetValue(generation.Seed),
                Images = parse.GetValue(Images),
                BatchSize = parse.GetValue(generation.BatchSize),
            },
            Seed = parse.GetValue(SearchSeed),
        };
    }

    /// <summary>A specification error as a usage error naming the option that set the field.</summary>
    public static UsageException ToUsage(SearchSpecException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        string option = OptionByField.GetValueOrDefault(error.Field, error.Field);
        return new UsageException($"{option}: {error.Reason}");
    }

    private static ScheduleSeeding ParseSeeding(string text)
    {
        var seeding = ScheduleSeeding.None;
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            seeding |= ScheduleSeedingNames.TryParse(part) ?? throw new UsageException($"--seeding: '{part}' is not one of {ScheduleSeedingNames.Expected}");
        return seeding;
    }
}
