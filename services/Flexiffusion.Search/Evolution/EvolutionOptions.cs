namespace Flexiffusion.Search.Evolution;

/// <summary>
/// Settings of the evolutionary search (method.md §5; defaults after AutoDiffusion). Generation 0
/// is the first population; each later generation breeds children from the best candidates seen so far.
/// </summary>
public sealed record EvolutionOptions
{
    /// <summary>Size of the first population. Default 50.</summary>
    public int PopulationSize { get; init; } = 50;

    /// <summary>How many of the best candidates seen so far become parents each generation. Default 10.</summary>
    public int ParentCount { get; init; } = 10;

    /// <summary>Children made by mutation per generation. Default 25.</summary>
    public int MutationChildren { get; init; } = 25;

    /// <summary>Children made by crossover per generation. Default 25.</summary>
    public int CrossoverChildren { get; init; } = 25;

    /// <summary>Probability that mutation changes each segment (at least one always changes). Default 0.1.</summary>
    public double MutationProbability { get; init; } = 0.1;

    /// <summary>Probability that a mutation re-draws the segment count and re-tiles instead. Default 0.1.</summary>
    public double RetileProbability { get; init; } = 0.1;

    /// <summary>Generations including the first population. Default 10.</summary>
    public int Generations { get; init; } = 10;

    /// <summary>Single best under the budget, or the Pareto front. Default single.</summary>
    public SearchObjective Objective { get; init; } = SearchObjective.Single;

    /// <summary>Known schedules placed in the first population. Default none.</summary>
    public ScheduleSeeding Seeding { get; init; } = ScheduleSeeding.None;

    /// <summary>
    /// How many of the best candidates are scored again under the confirmation settings at the end, beside the best
    /// seeded baseline of every family; the best of them there is the answer. 0 (default) confirms nothing. Needs the
    /// single objective and a <see cref="Evaluation.FinalistScoring"/>.
    /// </summary>
    public int Finalists { get; init; }

    /// <summary>Tries per wanted child before a generation settles for fewer (small spaces run out of unseen candidates). Default 50.</summary>
    public int AttemptsPerChild { get; init; } = 50;

    /// <summary>Checks every value and names the first bad one.</summary>
    /// <exception cref="FieldException">A value is out of range; the field is named.</exception>
    public void Validate()
    {
        Positive(PopulationSize, "evolution.population_size");
        Positive(ParentCount, "evolution.parent_count");
        NonNegative(MutationChildren, "evolution.mutation_children");
        NonNegative(CrossoverChildren, "evolution.crossover_children");
        Positive(Generations, "evolution.generations");
        Positive(AttemptsPerChild, "evolution.attempts_per_child");
        NonNegative(Finalists, "evolution.finalists");
        if (Finalists > 0 && Objective == SearchObjective.Pareto)
            throw new FieldException("evolution.finalists", $"confirming finalists needs the single objective (got {Finalists} with the Pareto objective)");
        if (MutationChildren + CrossoverChildren == 0 && Generations > 1)
            throw new FieldException("evolution.mutation_children", "with evolution.crossover_children 0 there are no children after the first generation");
        Probability(MutationProbability, "evolution.mutation_probability");
        Probability(RetileProbability, "evolution.retile_probability");
        if (!Enum.IsDefined(Objective))
            throw new FieldException("evolution.objective", $"unknown value {(int)Objective}");
        if ((Seeding & ~ScheduleSeeding.All) != 0)
            throw new FieldException("evolution.seeding", $"unknown flags {(int)Seeding}");
    }

    private static void Positive(int value, string name)
    {
        if (value < 1)
            throw new FieldException(name, $"must be ≥ 1 (got {value})");
    }

    private static void NonNegative(int value, string name)
    {
        if (value < 0)
            throw new FieldException(name, $"must be ≥ 0 (got {value})");
    }

    private static void Probability(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
            throw new FieldException(name, $"must be between 0 and 1 (got {value})");
    }
}
