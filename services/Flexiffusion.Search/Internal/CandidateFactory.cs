using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Internal;

/// <summary>
/// Makes candidates inside the space and the budget: random draws, segment-aware mutation,
/// segment-wise crossover and budget repair (method.md §5). Every draw comes from the
/// <see cref="SearchRandom"/> passed in, so the same generator state gives the same candidate.
/// </summary>
internal sealed partial class CandidateFactory
{
    private readonly SearchSpace _space;
    private readonly CostModel _costs;
    private readonly ComputeBudget _budget;
    private readonly EvolutionOptions _options;
    private readonly double _cheapestPartial;

    public CandidateFactory(SearchRequest request)
    {
        _space = request.Space;
        _costs = new CostModel(request.Costs);
        _budget = request.Budget;
        _options = request.Evolution;
        var metric = _budget.Metric;
        double full = metric == CostMetric.Macs ? request.Costs.FullMacs : request.Costs.FullLatencyMs ?? 0;
        _cheapestPartial = _space.Branches.Min(b => metric == CostMetric.Macs
            ? request.Costs.PartialMacs[b]
            : request.Costs.PartialLatencyMs?[b] ?? 0);
        double teacher = _space.TeacherSteps * full;
        Limit = _budget.Limit(teacher);
        int partialsAtLeast = _space.MinInterval - 1;
        var cheapest = _space.SegmentCounts.ToDictionary(n => n, n => n * (full + partialsAtLeast * _cheapestPartial));
        CheapestCost = cheapest.Values.Min();
        FeasibleCounts = [.. _space.SegmentCounts.Where(n => cheapest[n] <= Limit * (1 + 1e-9))];
    }

    /// <summary>The budget's cost limit per image.</summary>
    public double Limit { get; }

    /// <summary>The cost of the cheapest candidate in the space.</summary>
    public double CheapestCost { get; }

    /// <summary>Segment counts whose cheapest candidate fits the budget.</summary>
    public IReadOnlyList<int> FeasibleCounts { get; }

    public CostModel Costs => _costs;

    public bool Fits(Candidate candidate) => _budget.Allows(_costs.Evaluate(candidate));

    /// <summary>A random candidate inside the space and the budget, or null when repair could not make one fit.</summary>
    public Candidate? Random(SearchRandom rng)
    {
        int n = rng.Pick(FeasibleCounts);
        var lengths = Tiling(n, rng);
        var segments = lengths.Select(length => RandomSegment(length, rng)).ToArray();
        return Repair(segments, rng);
    }

    private Segment RandomSegment(int length, SearchRandom rng)
    {
        int k = rng.Between(_space.MinIntervalFor(length), _space.MaxIntervalFor(length));
        return new Segment(length, k > 1 ? rng.Pick(_space.Branches) : -1, k);
    }

    /// <summary>Segment lengths for <paramref name="n"/> segments: equal, or a random tiling within the length limits.</summary>
    private int[] Tiling(int n, SearchRandom rng)
    {
        int t = _space.TeacherSteps;
        if (!_space.AllowUnequalSegments)
            return [.. Enumerable.Repeat(t / n, n)];
        int shortest = _space.ShortestSegment;
        int longest = _space.LongestSegment;
        var lengths = Enumerable.Repeat(shortest, n).ToArray();
        var open = Enumerable.Range(0, n).Where(i => lengths[i] < longest).ToList();
        for (int left = t - n * shortest; left > 0; left--)
        {
            int slot = rng.Next(open.Count);
            int i = open[slot];
            if (++lengths[i] == longest)
                open.RemoveAt(slot);
        }
        return lengths;
    }

    /// <summary>
    /// Makes an over-budget candidate fit by shortening random segments' intervals one step at a time
    /// (each step drops one partial step); returns null when even the shortest intervals do not fit.
    /// </summary>
    public Candidate? Repair(Segment[] segments, SearchRandom rng)
    {
        var candidate = new Candidate(segments);
        while (!Fits(candidate))
        {
            var reducible = Enumerable.Range(0, segments.Length)
                .Where(i => segments[i].Interval > _space.MinIntervalFor(segments[i].Length))
                .ToList();
            if (reducible.Count == 0)
                return null;
            int i = rng.Pick(reducible);
            var s = segments[i];
            segments[i] = new Segment(s.Length, s.Branch, s.Interval - 1);
            candidate = new Candidate(segments);
        }
        return candidate;
    }
}
