using Flexiffusion.Search;

namespace Flexiffusion.Orchestration.Specs;

/// <summary>
/// Upper bounds on every size a search request can set, checked before anything else is done with the request, so
/// that one request cannot make the controller allocate or compute without bound. Each has a safe default and can
/// be raised per deployment (the controller's <c>Controller:Limits:*</c> settings).
/// </summary>
public sealed record RequestLimits
{
    /// <summary>The largest first population (and number of parents). Default 1,000.</summary>
    public int MaxPopulation { get; init; } = 1000;

    /// <summary>The most mutation children, and crossover children, per generation. Default 1,000.</summary>
    public int MaxChildren { get; init; } = 1000;

    /// <summary>The most generations. Default 1,000.</summary>
    public int MaxGenerations { get; init; } = 1000;

    /// <summary>The most images per evaluation, in the search and in the confirmation. Default 10,000.</summary>
    public int MaxImages { get; init; } = 10_000;

    /// <summary>The largest batch (images per forward pass). Default 1,024.</summary>
    public int MaxBatchSize { get; init; } = 1024;

    /// <summary>The most teacher steps (the positions a schedule is cut from). Default 1,000 (a DDPM's training steps).</summary>
    public int MaxTeacherSteps { get; init; } = 1000;

    /// <summary>The most entries in a list of the space (segment counts, branches). Default 1,000.</summary>
    public int MaxListLength { get; init; } = 1000;

    /// <summary>The most finalists confirmed. Default 64.</summary>
    public int MaxFinalists { get; init; } = 64;

    /// <summary>Checks that every limit is at least 1.</summary>
    /// <exception cref="ArgumentException">A limit is below 1; the message names it.</exception>
    public void Validate()
    {
        foreach (var (name, value) in Values())
        {
            if (value < 1)
                throw new ArgumentException($"{name}: must be ≥ 1 (got {value})", name);
        }
    }

    /// <summary>Checks the sizes of <paramref name="spec"/> against the limits, before the spec itself is validated.</summary>
    /// <exception cref="FieldException">A size is over its limit; the field and the limit are named.</exception>
    public void Check(SearchSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var e = spec.Evolution;
        if (e is not null)
        {
            AtMost("evolution.population_size", e.PopulationSize, MaxPopulation, nameof(MaxPopulation));
            AtMost("evolution.parent_count", e.ParentCount, MaxPopulation, nameof(MaxPopulation));
            AtMost("evolution.mutation_children", e.MutationChildren, MaxChildren, nameof(MaxChildren));
            AtMost("evolution.crossover_children", e.CrossoverChildren, MaxChildren, nameof(MaxChildren));
            AtMost("evolution.generations", e.Generations, MaxGenerations, nameof(MaxGenerations));
            AtMost("evolution.finalists", e.Finalists, MaxFinalists, nameof(MaxFinalists));
        }
        if (spec.Evaluation is { } v)
        {
            AtMost("evaluation.images", v.Images, MaxImages, nameof(MaxImages));
            AtMost("evaluation.batch_size", v.BatchSize, MaxBatchSize, nameof(MaxBatchSize));
            AtMost("evaluation.teacher_steps", v.TeacherSteps, MaxTeacherSteps, nameof(MaxTeacherSteps));
        }
        if (spec.Confirmation is { } c)
            AtMost("confirmation.images", c.Images, MaxImages, nameof(MaxImages));
        if (spec.Space is { } s)
        {
            AtMost("space.segment_counts", s.SegmentCounts.Count, MaxListLength, nameof(MaxListLength), "entries");
            AtMost("space.branches", s.Branches.Count, MaxListLength, nameof(MaxListLength), "entries");
        }
    }

    private static void AtMost(string field, long value, int limit, string setting, string unit = "")
    {
        if (value > limit)
        {
            string what = unit.Length == 0 ? "" : " " + unit;
            throw new FieldException(field, $"at most {limit}{what} (got {value}{what}; this controller's limit {setting})");
        }
    }

    private IEnumerable<(string Name, int Value)> Values() =>
    [
        (nameof(MaxPopulation), MaxPopulation), (nameof(MaxChildren), MaxChildren), (nameof(MaxGenerations), MaxGenerations),
        (nameof(MaxImages), MaxImages), (nameof(MaxBatchSize), MaxBatchSize), (nameof(MaxTeacherSteps), MaxTeacherSteps), (nameof(MaxListLength), MaxListLength),
        (nameof(MaxFinalists), MaxFinalists),
    ];
}
