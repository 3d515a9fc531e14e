using System.CommandLine;
using Flexiffusion.Orchestration.Specs;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Cli.Commands;

/// <summary>
/// The options of <c>flexiffusion search</c> that make a <see cref="SearchSpec"/> (space, budget,
/// evolution, evaluation, seed), the same in embedded and remote mode; each option declares the field
/// it sets (<see cref="FieldOptions"/>).
/// </summary>
public sealed class SearchOptions
{
    public Option<double?> Speedup { get; } = new Option<double?>("--speedup") { Description = "Budget: at least this speed-up over the teacher (default 3 for the single objective)" }.Sets("budget", "budget.min_mac_speedup", "budget.min_latency_speedup");
    public Option<double?> MaxGmacs { get; } = new Option<double?>("--max-gmacs") { Description = "Budget: at most this many GMACs per image for the whole run" }.Sets("budget.max_macs");
    public Option<double?> MaxMs { get; } = new Option<double?>("--max-ms") { Description = "Budget: at most this many milliseconds per image for the whole run, from step latencies measured on the device (implies --budget-metric latency)" }.Sets("budget.max_latency_ms");
    public Option<string?> BudgetMetric { get; } = new Option<string?>("--budget-metric") { Description = "What the budget counts: macs (default) or latency (step latencies measured on the device at start)" }.Sets("budget.metric");
    public Option<string> Objective { get; } = new Option<string>("--objective") { Description = "single (best under the budget) or pareto (the whole rFID/MACs front)", DefaultValueFactory = _ => "single" }.Sets("evolution.objective");
    public Option<int> Population { get; } = new Option<int>("--population") { Description = "First population", DefaultValueFactory = _ => 50 }.Sets("evolution.population_size");
    public Option<int> Parents { get; } = new Option<int>("--parents") { Description = "Best candidates kept as parents", DefaultValueFactory = _ => 10 }.Sets("evolution.parent_count");
    public Option<int> Mutations { get; } = new Option<int>("--mutations") { Description = "Mutation children per generation", DefaultValueFactory = _ => 25 }.Sets("evolution.mutation_children");
    public Option<int> Crossovers { get; } = new Option<int>("--crossovers") { Description = "Crossover children per generation", DefaultValueFactory = _ => 25 }.Sets("evolution.crossover_children");
    public Option<double> MutationProbability { get; } = new Option<double>("--mutation-prob") { Description = "Mutation probability per segment", DefaultValueFactory = _ => 0.1 }.Sets("evolution.mutation_probability");
    public Option<double> RetileProbability { get; } = new Option<double>("--retile-prob") { Description = "Probability that a mutation re-draws the segment count", DefaultValueFactory = _ => 0.1 }.Sets("evolution.retile_probability");
    public Option<int> Generations { get; } = new Option<int>("--generations") { Description = "Generations, counting the first population", DefaultValueFactory = _ => 10 }.Sets("evolution.generations");
    public Option<string> Seeding { get; } = new Option<string>("--seeding") { Description = "Hand-made schedules in the first population (the best inside the budget of each family first): all, none, or a list of step-reduction, quadratic-step-reduction, deepcache-uniform, deepcache-nonuniform", DefaultValueFactory = _ => "all" }.Sets("evolution.seeding");
    public Option<ulong> SearchSeed { get; } = new Option<ulong>("--search-seed") { Description = "Seed of the search's random draws", DefaultValueFactory = _ => 0UL }.Sets("seed");
    public Option<int> Images { get; } = new Option<int>("--images") { Description = "Images per rFID evaluation (same noise for teacher and candidate)", DefaultValueFactory = _ => 256 }.Sets("evaluation.images");
    public Option<int?> Finalists { get; } = new Option<int?>("--finalists") { Description = "Best candidates scored again on fresh noise beside the best baseline of each family; the best there is the answer (default 4; 0 = off; pareto: 0)" }.Sets("evolution.finalists");
    public Option<int> ConfirmImages { get; } = new Option<int>("--confirm-images") { Description = "Images per finalist score (default: twice --images)", DefaultValueFactory = _ => 0 }.Sets("confirmation.images");
    public Option<long?> ConfirmSeed { get; } = new Option<long?>("--confirm-seed") { Description = "Noise seed of the finalist scores (default: --seed + 1)" }.Sets("confirmation.noise_seed");
    public Option<string?> Reference { get; } = new Option<string?>("--reference")
    {
        Description = "Sampler of the teacher candidates are scored against (all positions full): ddim, ddpm, plms, dpm-solver++ (default: --sampler itself, the paper's teacher)",
    }.Sets("evaluation.reference");
    public Option<int> ConfirmBootstrap { get; } = new Option<int>("--confirm-bootstrap")
    {
        Description = "Paired bootstrap replicates per finalist score; a searched schedule replaces the best baseline only if it wins 95% of them (0: compare point scores)",
        DefaultValueFactory = _ => ConfirmationSettings.DefaultBootstrap,
    }.Sets("confirmation.bootstrap");

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

    private static ScheduleSeeding ParseSeeding(string text)
    {
        var seeding = ScheduleSeeding.None;
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            seeding |= ScheduleSeedingNames.TryParse(part) ?? throw new UsageException($"--seeding: '{part}' is not one of {ScheduleSeedingNames.Expected}");
        return seeding;
    }
}
