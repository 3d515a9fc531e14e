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
    /// <exception cref="ArgumentException">A value is out of range; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public void Validate()
    {
        Positive(PopulationSize, nameof(PopulationSize));
        Positive(ParentCount, nameof(ParentCount));
        NonNegative(MutationChildren, nameof(MutationChildren));
        NonNegative(CrossoverChildren, nameof(CrossoverChildren));
        Positive(Generations, nameof(Generations));
        Positive(AttemptsPerChild, nameof(AttemptsPerChild));
        NonNegative(Finalists, nameof(Finalists));
        if (Finalists > 0 && Objective == SearchObjective.Pareto)
            throw new ArgumentException($"{nameof(Finalists)}: confirming finalists needs the single objective (got {Finalists} with the Pareto objective)", nameof(Finalists));
        if (MutationChildren + CrossoverChildren == 0 && Generations > 1)
            throw new ArgumentException($"{nameof(MutationChildren)}: with {nameof(CrossoverChildren)} 0 there are no children after the first generation", nameof(MutationChildren));
        Probability(MutationProbability, nameof(MutationProbability));
        Probability(RetileProbability, nameof(RetileProbability));
        if (!Enum.IsDefined(Objective))
            throw new ArgumentException($"{nameof(Objective)}: unknown value {(int)Objective}", nameof(Objective));
        if ((Seeding & ~ScheduleSeeding.All) != 0)
            throw new ArgumentException($"{nameof(Seeding)}: unknown flags {(int)Seeding}", nameof(Seeding));
    }

    private static void Positive(int value, string name)
    {
        if (value < 1)
            throw new ArgumentException($"{name}: must be ≥ 1 (got {value})", name);
    }

    private static void NonNegative(int value, string name)
    {
        if (value < 0)
            throw new ArgumentException($"{name}: must be ≥ 0 (got {value})", name);
    }

    private static void Probability(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
            throw new ArgumentException($"{name}: must be between 0 and 1 (got {value})", name);
    }
}
