using Flexiffusion.Plans;
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
    private readonly double[] _partialCost;

    public CandidateFactory(SearchRequest request)
    {
        _space = request.Space;
        _costs = new CostModel(request.Costs);
        _budget = request.Budget;
        _options = request.Evolution;
        var metric = _budget.Metric;
        _partialCost = [.. Enumerable.Range(0, request.Costs.BranchCount).Select(b => metric == CostMetric.Macs
            ? request.Costs.PartialMacs[b]
            : request.Costs.PartialLatencyMs?[b] ?? 0)];
        double full = metric == CostMetric.Macs ? request.Costs.FullMacs : request.Costs.FullLatencyMs ?? 0;
        Limit = _budget.Limit(_space.TeacherSteps * full);
        // The cheapest candidate of each count: every interval at its minimum, at the cheapest branch. Its cost
        // does not depend on the tiling (the same terms are summed in the same order), and it is judged by the
        // same cost model and budget as every child, so "feasible" here means repair can always succeed.
        int cheapestBranch = _space.Branches.MinBy(b => _partialCost[b]);
        var cheapest = _space.SegmentCounts.ToDictionary(n => n, n => _costs.Evaluate(new Candidate(
            EvenTiling(n).Select(length => new Segment(length, cheapestBranch, _space.MinIntervalFor(length))))));
        CheapestCost = cheapest.Values.Min(c => c.In(metric));
        FeasibleCounts = [.. _space.SegmentCounts.Where(n => _budget.Allows(cheapest[n]))];
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
    /// Makes an over-budget candidate fit by random cost-lowering moves — shorten a segment's interval by
    /// one partial step, or move its partial steps to a cheaper branch — until it fits. Each move lowers
    /// the cost, and from any start they reach the cheapest candidate with the same segments, so the
    /// result is null only when no candidate with these segment lengths fits.
    /// </summary>
    public Candidate? Repair(Segment[] segments, SearchRandom rng)
    {
        var candidate = new Candidate(segments);
        var moves = new List<(int Segment, int Branch)>();
        while (!Fits(candidate))
        {
            moves.Clear();
            for (int i = 0; i < segments.Length; i++)
            {
                var s = segments[i];
                if (s.Interval > _space.MinIntervalFor(s.Length))
                    moves.Add((i, -1));
                if (s.Interval > 1)
                {
                    foreach (int b in _space.Branches)
                    {
                        if (_partialCost[b] < _partialCost[s.Branch])
                            moves.Add((i, b));
                    }
                }
            }
            if (moves.Count == 0)
                return null;
            var (index, branch) = rng.Pick(moves);
            var old = segments[index];
            segments[index] = branch < 0
                ? new Segment(old.Length, old.Branch, old.Interval - 1)
                : new Segment(old.Length, branch, old.Interval);
            candidate = new Candidate(segments);
        }
        return candidate;
    }

    private int[] EvenTiling(int n)
    {
        int t = _space.TeacherSteps;
        return [.. Enumerable.Range(0, n).Select(i => t / n + (i < t % n ? 1 : 0))];
    }
}
