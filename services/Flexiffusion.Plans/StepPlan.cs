using System.Collections;
using System.Collections.Immutable;

namespace Flexiffusion.Plans;

/// <summary>
/// A per-position plan of full / partial(branch) / null steps over a teacher's timestep list
/// (method.md §1). The first position is always full, so every partial step has a filled cache.
/// </summary>
public sealed partial class StepPlan : IReadOnlyList<PlanStep>, IEquatable<StepPlan>
{
    private readonly ImmutableArray<PlanStep> _steps;

    /// <summary>Creates a plan from its steps.</summary>
    /// <exception cref="ArgumentException">The plan is empty or does not start with a full step.</exception>
    public StepPlan(IEnumerable<PlanStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        _steps = [.. steps];
        if (_steps.IsEmpty)
            throw new ArgumentException("a step plan needs at least one position", nameof(steps));
        if (_steps[0].Kind != StepKind.Full)
            throw new ArgumentException($"a step plan must start with a full step (position 1 is {_steps[0]})", nameof(steps));
        foreach (var step in _steps)
        {
            if (step.Kind == StepKind.Partial && step.Branch < 0)
                throw new ArgumentException("a partial step needs a branch ≥ 0", nameof(steps));
        }
    }

    /// <summary>The number of positions (the teacher's step count).</summary>
    public int Count => _steps.Length;

    /// <summary>The step at a position.</summary>
    public PlanStep this[int index] => _steps[index];

    /// <summary>The positions of the full steps, increasing.</summary>
    public int[] FullPositions() => [.. Enumerable.Range(0, _steps.Length).Where(i => _steps[i].Kind == StepKind.Full)];

    /// <summary>The steps in order.</summary>
    public ImmutableArray<PlanStep> Steps => _steps;

    /// <summary>Number of full steps.</summary>
    public int FullCount => _steps.Count(s => s.Kind == StepKind.Full);

    /// <summary>Number of partial steps.</summary>
    public int PartialCount => _steps.Count(s => s.Kind == StepKind.Partial);

    /// <summary>Number of network evaluations (full plus partial steps).</summary>
    public int Nfe => _steps.Count(s => s.IsActive);

    /// <summary>The largest branch any partial step uses, or -1 when there is none.</summary>
    public int MaxBranch => _steps.Where(s => s.Kind == StepKind.Partial).Select(s => s.Branch).DefaultIfEmpty(-1).Max();

    /// <summary>
    /// The branches that the full step at <paramref name="position"/> must cache: those used by
    /// the partial steps between it and the next full step, in increasing order.
    /// </summary>
    /// <exception cref="ArgumentException">The position does not hold a full step.</exception>
    public IReadOnlyList<int> CacheBranchesAfter(int position)
    {
        if (_steps[position].Kind != StepKind.Full)
            throw new ArgumentException($"position {position} is {_steps[position]}, not a full step", nameof(position));
        var branches = new SortedSet<int>();
        for (int i = position + 1; i < _steps.Length && _steps[i].Kind != StepKind.Full; i++)
        {
            if (_steps[i].Kind == StepKind.Partial)
                branches.Add(_steps[i].Branch);
        }
        return [.. branches];
    }

    /// <summary>The teacher: every position full.</summary>
    public static StepPlan Teacher(int positions) => new(Enumerable.Repeat(PlanStep.Full, CheckPositions(positions)));

    /// <summary>DeepCache uniform 1:N: a full step every <paramref name="interval"/> positions (<see cref="FullSteps.Every"/>), partial(branch) between.</summary>
    public static StepPlan DeepCacheUniform(int positions, int interval, int branch) => FromFullSteps(positions, FullSteps.Every(positions, interval), branch);

    /// <summary>Plain step reduction to <paramref name="steps"/> full steps spread evenly (<see cref="FullSteps.Uniform"/>); the rest null.</summary>
    public static StepPlan StepReduction(int positions, int steps) => FromFullSteps(positions, FullSteps.Uniform(positions, steps), null);

    /// <summary>Step reduction with DDIM's quadratic placement (<see cref="FullSteps.Quadratic"/>); the rest null.</summary>
    public static StepPlan QuadraticStepReduction(int positions, int steps) => FromFullSteps(positions, FullSteps.Quadratic(positions, steps), null);

    /// <summary>DeepCache non-uniform (<see cref="FullSteps.AroundCenter"/> at <see cref="FullSteps.DefaultCenter"/>), partial(branch) between; null when the placement does not exist.</summary>
    public static StepPlan? DeepCacheNonUniform(int positions, int steps, int branch) =>
        FullSteps.AroundCenter(positions, steps, FullSteps.DefaultCenter(positions)) is { } starts ? FromFullSteps(positions, starts, branch) : null;

    /// <summary>The plan of a segment list: per segment, the full step, its partial steps, then nulls.</summary>
    public static StepPlan FromSegments(IEnumerable<Segment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var steps = new List<PlanStep>();
        foreach (var segment in segments)
        {
            steps.Add(PlanStep.Full);
            for (int i = 1; i < segment.Interval; i++)
                steps.Add(PlanStep.Partial(segment.Branch));
            for (int i = segment.Interval; i < segment.Length; i++)
                steps.Add(PlanStep.Null);
        }
        return new StepPlan(steps);
    }

    /// <summary>Full steps at <paramref name="starts"/>; between them partial steps at <paramref name="branch"/>, or nulls when it is null.</summary>
    public static StepPlan FromFullSteps(int positions, IReadOnlyList<int> starts, int? branch)
    {
        ArgumentNullException.ThrowIfNull(starts);
        var between = branch is { } b ? PlanStep.Partial(b) : PlanStep.Null;
        var plan = Enumerable.Repeat(between, CheckPositions(positions)).ToArray();
        foreach (int start in starts)
            plan[start] = PlanStep.Full;
        if (starts.Count == 0 || starts[0] != 0)
            throw new ArgumentException("the first position must hold a full step", nameof(starts));
        return new(plan);
    }

    private static int CheckPositions(int positions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(positions, 1);
        return positions;
    }

    /// <inheritdoc />
    public IEnumerator<PlanStep> GetEnumerator() => ((IEnumerable<PlanStep>)_steps).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(StepPlan? other) => other is not null && _steps.SequenceEqual(other._steps);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as StepPlan);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var step in _steps)
            hash.Add(step);
        return hash.ToHashCode();
    }
}
