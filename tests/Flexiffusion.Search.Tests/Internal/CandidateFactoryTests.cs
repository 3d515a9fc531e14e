using CsCheck;
using Flexiffusion.Plans;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Internal;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Tests.Internal;

public sealed class CandidateFactoryTests
{
    /// <summary>Partial steps dearer at deeper branches, in MACs and in time.</summary>
    private static readonly CostTable Branchy = new(10, [1, 2, 4, 7], fullLatencyMs: 10, partialLatencyMs: [0.5, 1, 1.5, 2]);

    /// <summary>Every branch costs the same, so the shortest intervals are the cheapest candidate whatever the branches.</summary>
    private static readonly CostTable Flat = new(10, [2, 2, 2, 2], fullLatencyMs: 10, partialLatencyMs: [1, 1, 1, 1]);

    /// <summary>Spaces with equal and unequal segments, with and without interval limits, over branch-dependent and flat costs.</summary>
    private static readonly (string Name, SearchSpace Space, CostTable Costs)[] Spaces =
    [
        ("equal", SearchSpace.Create(24, [0, 1, 2, 3]), Branchy),
        ("equal 2..5", SearchSpace.Create(24, [1, 3], [2, 3, 4, 6], minInterval: 2, maxInterval: 5), Flat),
        ("unequal", SearchSpace.Create(20, [0, 1, 2, 3], allowUnequalSegments: true, minSegmentLength: 2, maxSegmentLength: 8), Branchy),
        ("unequal 2..4", SearchSpace.Create(24, [0, 2], [2, 3, 4], minInterval: 2, maxInterval: 4, allowUnequalSegments: true, maxSegmentLength: 12), Flat),
        ("equal 1..3", SearchSpace.Create(12, [0, 1, 2, 3], maxInterval: 3), Branchy),
        ("equal 2..5, branchy", SearchSpace.Create(24, [0, 3], [2, 3, 4, 6], minInterval: 2, maxInterval: 5), Branchy),
    ];

    private static readonly Func<SearchSpace, ComputeBudget>[] Budgets =
    [
        _ => ComputeBudget.None,
        _ => ComputeBudget.AtLeastSpeedup(2),
        _ => ComputeBudget.AtLeastSpeedup(3),
        _ => ComputeBudget.AtLeastSpeedup(4),
        _ => ComputeBudget.AtLeastSpeedup(5),
        _ => ComputeBudget.AtLeastSpeedup(6),
        space => ComputeBudget.AtMost(0.3 * space.TeacherSteps * 10),
        _ => ComputeBudget.AtLeastSpeedup(3, CostMetric.Latency),
    ];

    private static readonly Gen<(ulong Seed, int Space, int Budget)> Cases =
        Gen.Select(Gen.ULong, Gen.Int[0, Spaces.Length - 1], Gen.Int[0, Budgets.Length - 1]);

    private static readonly Gen<(ulong Seed, int Space)> UnbudgetedCases =
        Gen.Select(Gen.ULong, Gen.Int[0, Spaces.Length - 1]);

    private sealed record Setup(SearchSpace Space, CostTable Costs, ComputeBudget Budget, CandidateFactory Factory)
    {
        private readonly CostModel _model = new(Costs);

        public bool Fits(Candidate candidate) => Budget.Allows(_model.Evaluate(candidate));

        public void AssertInside(Candidate? candidate)
        {
            Assert.NotNull(candidate);
            Assert.Null(Space.Explain(candidate));
            Assert.True(Fits(candidate), $"'{candidate}' is over the budget {Budget}");
        }
    }

    private static Setup Make(int space, int budget, EvolutionOptions? options = null) =>
        Make(Spaces[space].Space, Spaces[space].Costs, Budgets[budget](Spaces[space].Space), options);

    private static Setup Make(SearchSpace space, CostTable costs, ComputeBudget budget, EvolutionOptions? options = null) =>
        new(space, costs, budget, new CandidateFactory(new SearchRequest(space, costs, budget, options ?? new EvolutionOptions(), 1)));

    /// <summary>A random member of the space, drawn without the factory: any segment count, tiling, interval and branch.</summary>
    private static Segment[] AnyMember(SearchSpace space, Random random)
    {
        int n = space.SegmentCounts[random.Next(space.SegmentCounts.Length)];
        var lengths = Enumerable.Repeat(space.TeacherSteps / n, n).ToArray();
        if (space.AllowUnequalSegments)
        {
            lengths = Enumerable.Repeat(space.ShortestSegment, n).ToArray();
            for (int left = space.TeacherSteps - n * space.ShortestSegment; left > 0;)
            {
                int i = random.Next(n);
                if (lengths[i] < space.LongestSegment)
                {
                    lengths[i]++;
                    left--;
                }
            }
        }
        var segments = lengths
            .Select(length => new Segment(length, space.Branches[random.Next(space.Branches.Length)],
                random.Next(space.MinIntervalFor(length), space.MaxIntervalFor(length) + 1)))
            .ToArray();
        Assert.Null(space.Explain(new Candidate(segments)));
        return segments;
    }

    /// <summary>A random candidate from the factory with the given segment count (null when none came up).</summary>
    private static Candidate? RandomWithCount(Setup setup, int count, SearchRandom rng)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            var candidate = setup.Factory.Random(rng);
            if (candidate?.SegmentCount == count)
                return candidate;
        }
        return null;
    }

    [Fact]
    public void Random_AnySpaceAndBudget_IsInsideBothAndUsesAFeasibleCount()
    {
        Check.Sample(Cases, c =>
        {
            var setup = Make(c.Space, c.Budget);
            var rng = new SearchRandom(c.Seed, 0, 0);

            for (int i = 0; i < 5; i++)
            {
                var candidate = setup.Factory.Random(rng);

                setup.AssertInside(candidate);
                Assert.Contains(candidate!.SegmentCount, setup.Factory.FeasibleCounts);
            }
        }, iter: 150);
    }

    [Fact]
    public void Random_ManyDraws_CoverEveryFeasibleCount()
    {
        for (int s = 0; s < Spaces.Length; s++)
        {
            var setup = Make(s, 3);
            var rng = new SearchRandom(3, 0, 0);

            var counts = Enumerable.Range(0, 400).Select(_ => setup.Factory.Random(rng)!.SegmentCount).ToHashSet();

            Assert.Equal(setup.Factory.FeasibleCounts.ToHashSet(), counts);
        }
    }

    [Fact]
    public void Random_UnequalSpace_DrawsUnequalTilings()
    {
        var setup = Make(2, 0);
        var rng = new SearchRandom(5, 0, 0);

        var candidates = Enumerable.Range(0, 100).Select(_ => setup.Factory.Random(rng)!).ToList();

        Assert.Contains(candidates, c => !c.HasEqualSegments);
        Assert.True(candidates.Distinct().Count() > 90);
    }

    [Fact]
    public void FeasibleCounts_EverySpaceAndBudget_AreTheCountsWhoseCheapestCandidateFits()
    {
        for (int s = 0; s < Spaces.Length; s++)
        {
            for (int b = 0; b < Budgets.Length; b++)
            {
                var setup = Make(s, b);
                var space = setup.Space;
                var metric = setup.Budget.Metric;
                int cheapestBranch = space.Branches
                    .OrderBy(x => metric == CostMetric.Macs ? setup.Costs.PartialMacs[x] : setup.Costs.PartialLatencyMs!.Value[x])
                    .First();
                var expected = space.SegmentCounts.Where(n =>
                {
                    // The cost does not depend on the tiling: n full steps and n·(MinInterval − 1) partial steps.
                    int[] lengths = [.. Enumerable.Repeat(space.ShortestSegment, n - 1), space.TeacherSteps - (n - 1) * space.ShortestSegment];
                    if (!space.AllowUnequalSegments)
                        lengths = [.. Enumerable.Repeat(space.TeacherSteps / n, n)];
                    return setup.Fits(new Candidate(lengths.Select(l => new Segment(l, cheapestBranch, space.MinInterval))));
                }).ToList();

                Assert.Equal(expected, setup.Factory.FeasibleCounts);
                Assert.NotEmpty(expected);
            }
        }
    }

    [Fact]
    public void FeasibleCounts_HandExampleInMacs_MatchHandComputation()
    {
        // Cheapest candidate with n segments: n·(full 10 + one partial step at the cheapest branch 1) = 11n.
        // Teacher 24·10 = 240; a 4× speed-up allows 60, so 2, 3 and 4 segments (22, 33, 44) fit and 6, 8 (66, 88) do not.
        var space = SearchSpace.Create(24, [0, 1], [2, 3, 4, 6, 8], minInterval: 2);

        var factory = Make(space, new CostTable(10, [1, 2, 4, 7]), ComputeBudget.AtLeastSpeedup(4)).Factory;

        Assert.Equal(60, factory.Limit, 12);
        Assert.Equal(22, factory.CheapestCost, 12);
        Assert.Equal([2, 3, 4], factory.FeasibleCounts);
    }

    [Fact]
    public void FeasibleCounts_HandExampleInLatency_UseTheCheapestAllowedBranchesLatency()
    {
        // Branches 1 and 2 only: the cheapest partial latency is 5 (branch 0's 3 is not allowed).
        // Minimum interval 3: n·(20 + 2·5) = 30n, so 1 and 2 segments (30, 60) fit 80 ms, 3 (90) does not.
        var space = SearchSpace.Create(12, [1, 2], [1, 2, 3], minInterval: 3);
        var costs = new CostTable(10, [1, 2, 4, 7], fullLatencyMs: 20, partialLatencyMs: [3, 5, 6, 9]);

        var factory = Make(space, costs, ComputeBudget.AtMost(80, CostMetric.Latency)).Factory;

        Assert.Equal(80, factory.Limit);
        Assert.Equal(30, factory.CheapestCost, 12);
        Assert.Equal([1, 2], factory.FeasibleCounts);
    }

    [Fact]
    public void FeasibleCounts_NoBudget_AreAllCountsAndTheLimitIsInfinite()
    {
        var space = SearchSpace.Create(12, [0, 1]);

        var factory = Make(space, Branchy, ComputeBudget.None).Factory;

        Assert.Equal(double.PositiveInfinity, factory.Limit);
        Assert.Equal(10, factory.CheapestCost);
        Assert.Equal(space.SegmentCounts, factory.FeasibleCounts);
    }

    [Fact]
    public void Mutate_AnySpaceAndBudget_ChildIsInsideBoth()
    {
        Check.Sample(Cases, c =>
        {
            var setup = Make(c.Space, c.Budget);
            var parent = setup.Factory.Random(new SearchRandom(c.Seed, 0, 1))!;
            var rng = new SearchRandom(c.Seed, 1, 0);

            for (int i = 0; i < 5; i++)
                setup.AssertInside(setup.Factory.Mutate(parent, rng));
        }, iter: 150);
    }

    [Fact]
    public void Mutate_ParentOverBudget_ChildIsNullOrInsideSpaceAndBudget()
    {
        Check.Sample(Cases, c =>
        {
            var setup = Make(c.Space, c.Budget);
            var parent = new Candidate(AnyMember(setup.Space, new Random((int)c.Seed)));
            var rng = new SearchRandom(c.Seed, 1, 0);

            for (int i = 0; i < 5; i++)
            {
                var child = setup.Factory.Mutate(parent, rng);
                if (child is not null)
                    setup.AssertInside(child);
            }
        }, iter: 150);
    }

    [Fact]
    public void Mutate_WithoutRetiling_KeepsTheSegmentCount()
    {
        var options = new EvolutionOptions { RetileProbability = 0, MutationProbability = 0.5 };
        Check.Sample(Cases, c =>
        {
            var setup = Make(c.Space, c.Budget, options);
            var parent = setup.Factory.Random(new SearchRandom(c.Seed, 0, 1))!;
            var rng = new SearchRandom(c.Seed, 1, 0);

            for (int i = 0; i < 5; i++)
            {
                var child = setup.Factory.Mutate(parent, rng);

                setup.AssertInside(child);
                Assert.Equal(parent.SegmentCount, child!.SegmentCount);
            }
        }, iter: 150);
    }

    [Fact]
    public void Mutate_UnequalSegments_OftenNudgesOneBoundaryByOnePosition()
    {
        // Full steps only (interval 1), so only boundaries can change; no budget, so no repair moves them back.
        var space = SearchSpace.Create(30, [0], [6], minInterval: 1, maxInterval: 1, allowUnequalSegments: true, minSegmentLength: 2, maxSegmentLength: 10);
        var setup = Make(space, Flat, ComputeBudget.None, new EvolutionOptions { RetileProbability = 0, MutationProbability = 0 });
        var parent = new Candidate([.. new[] { 5, 5, 5, 5, 5, 5 }.Select(l => new Segment(l, -1, 1))]);
        var rng = new SearchRandom(5, 1, 0);

        var moves = Enumerable.Range(0, 200).Select(_ =>
        {
            var child = setup.Factory.Mutate(parent, rng)!;
            var lengths = child.Segments.Select(x => x.Length).ToArray();
            return lengths.Select(l => Math.Abs(l - 5)).Max();
        }).ToList();

        // Each mutation moves exactly one boundary; about half by one position, the rest anywhere allowed.
        Assert.All(moves, m => Assert.InRange(m, 1, 5));
        Assert.InRange(moves.Count(m => m == 1), 100, 170);
        Assert.Contains(moves, m => m >= 3);
    }

    [Fact]
    public void Mutate_AlwaysRetiling_ChangesTheSegmentCountWhenAnotherIsFeasible()
    {
        var options = new EvolutionOptions { RetileProbability = 1 };
        Check.Sample(Cases, c =>
        {
            var setup = Make(c.Space, c.Budget, options);
            var parent = setup.Factory.Random(new SearchRandom(c.Seed, 0, 1))!;
            var rng = new SearchRandom(c.Seed, 1, 0);
            bool another = setup.Factory.FeasibleCounts.Any(n => n != parent.SegmentCount);

            for (int i = 0; i < 5; i++)
            {
                var child = setup.Factory.Mutate(parent, rng);

                setup.AssertInside(child);
                if (another)
                {
                    Assert.NotEqual(parent.SegmentCount, child!.SegmentCount);
                    Assert.Contains(child.SegmentCount, setup.Factory.FeasibleCounts);
                }
                else
                {
                    Assert.Equal(parent.SegmentCount, child!.SegmentCount);
                }
            }
        }, iter: 150);
    }

    [Fact]
    public void Mutate_AlwaysRetiling_ReachesEveryOtherFeasibleCount()
    {
        var setup = Make(2, 0, new EvolutionOptions { RetileProbability = 1 });
        var parent = Candidate.Parse("4: 1:3/5 F/5 2:4/4 0:2/6", 20);
        var rng = new SearchRandom(9, 1, 0);

        var counts = Enumerable.Range(0, 300).Select(_ => setup.Factory.Mutate(parent, rng)!.SegmentCount).ToHashSet();

        Assert.Equal(setup.Factory.FeasibleCounts.Where(n => n != 4).ToHashSet(), counts);
    }

    [Fact]
    public void Mutate_NoBudgetEqualSegmentsOfTwoOrMore_AlwaysChangesTheParent()
    {
        var options = new EvolutionOptions { RetileProbability = 0 };
        Check.Sample(UnbudgetedCases, c =>
        {
            var (space, costs) = (Spaces[c.Space].Space, Spaces[c.Space].Costs);
            if (space.AllowUnequalSegments)
                return;
            var setup = Make(space, costs, ComputeBudget.None, options);
            var rng = new SearchRandom(c.Seed, 1, 0);
            var parent = setup.Factory.Random(new SearchRandom(c.Seed, 0, 1))!;
            if (parent.Segments[0].Length < 2)
                return;

            for (int i = 0; i < 5; i++)
            {
                var child = setup.Factory.Mutate(parent, rng);

                Assert.NotEqual(parent, child);
                Assert.Equal(parent.Lengths, child!.Lengths);
            }
        }, iter: 150);
    }

    [Fact]
    public void Crossover_AnySpaceAndBudget_ChildIsInsideBothWithTheParentsCount()
    {
        Check.Sample(Cases, c =>
        {
            var setup = Make(c.Space, c.Budget);
            var draw = new SearchRandom(c.Seed, 0, 1);
            var a = setup.Factory.Random(draw)!;
            var b = RandomWithCount(setup, a.SegmentCount, draw);
            if (b is null)
                return;
            var rng = new SearchRandom(c.Seed, 1, 0);

            for (int i = 0; i < 5; i++)
            {
                var child = setup.Factory.Crossover(a, b, rng);

                setup.AssertInside(child);
                Assert.Equal(a.SegmentCount, child!.SegmentCount);
            }
        }, iter: 150);
    }

    [Fact]
    public void Crossover_EqualSegmentsNoBudget_EveryGeneComesFromOneParentAtTheSameIndex()
    {
        Check.Sample(UnbudgetedCases, c =>
        {
            var (space, costs) = (Spaces[c.Space].Space, Spaces[c.Space].Costs);
            if (space.AllowUnequalSegments)
                return;
            var setup = Make(space, costs, ComputeBudget.None);
            var draw = new SearchRandom(c.Seed, 0, 1);
            var a = setup.Factory.Random(draw)!;
            var b = RandomWithCount(setup, a.SegmentCount, draw);
            if (b is null)
                return;
            var rng = new SearchRandom(c.Seed, 1, 0);

            for (int k = 0; k < 5; k++)
            {
                var child = setup.Factory.Crossover(a, b, rng)!;

                for (int i = 0; i < child.SegmentCount; i++)
                {
                    var gene = child.Segments[i];
                    Assert.True(gene == a.Segments[i] || gene == b.Segments[i],
                        $"segment {i} of '{child}' is {gene}, from neither '{a}' nor '{b}'");
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void Crossover_UnequalSegmentsNoBudget_TakesOneParentsLengthsAndEachGeneClampedFromOneParent()
    {
        Check.Sample(UnbudgetedCases, c =>
        {
            var (space, costs) = (Spaces[c.Space].Space, Spaces[c.Space].Costs);
            if (!space.AllowUnequalSegments)
                return;
            var setup = Make(space, costs, ComputeBudget.None);
            var draw = new SearchRandom(c.Seed, 0, 1);
            var a = setup.Factory.Random(draw)!;
            var b = RandomWithCount(setup, a.SegmentCount, draw);
            if (b is null)
                return;
            var rng = new SearchRandom(c.Seed, 1, 0);

            for (int k = 0; k < 5; k++)
            {
                var child = setup.Factory.Crossover(a, b, rng)!;

                Assert.True(child.Lengths.SequenceEqual(a.Lengths) || child.Lengths.SequenceEqual(b.Lengths), $"'{child}' has the lengths of neither '{a}' nor '{b}'");
                for (int i = 0; i < child.SegmentCount; i++)
                {
                    var s = child.Segments[i];
                    bool fromParent = new[] { a.Segments[i], b.Segments[i] }.Any(p =>
                        s.Interval == Math.Min(p.Interval, space.MaxIntervalFor(s.Length))
                        && (s.Interval == 1 || p.Branch < 0 || s.Branch == p.Branch));
                    Assert.True(fromParent, $"segment {i} of '{child}' comes from neither '{a}' nor '{b}'");
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void Crossover_ManyDraws_MixesGenesOfBothParents()
    {
        var setup = Make(0, 0);
        var a = Candidate.Parse("4: 0:2 0:3 0:4 0:5", 24);
        var b = Candidate.Parse("4: 1:6 2:6 3:6 F", 24);
        var rng = new SearchRandom(4, 1, 0);

        var children = Enumerable.Range(0, 200).Select(_ => setup.Factory.Crossover(a, b, rng)!).ToList();

        for (int i = 0; i < 4; i++)
        {
            Assert.Contains(children, c => c.Segments[i] == a.Segments[i]);
            Assert.Contains(children, c => c.Segments[i] == b.Segments[i]);
        }
        Assert.Contains(children, c => !c.Equals(a) && !c.Equals(b));
    }

    [Fact]
    public void Crossover_DifferentSegmentCounts_Throws()
    {
        var setup = Make(0, 0);
        var a = Candidate.Parse("4: 0:2x4", 24);
        var b = Candidate.Parse("3: 0:2x3", 24);

        var error = Assert.Throws<ArgumentException>(() => setup.Factory.Crossover(a, b, new SearchRandom(1, 0, 0)));

        Assert.Equal("b", error.ParamName);
        Assert.Contains("same segment count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repair_AnyMember_FitsByLoweringCostOrIsNullOnlyWhenTheCheapestWithTheseLengthsDoesNotFit()
    {
        Check.Sample(Cases, c =>
        {
            var setup = Make(c.Space, c.Budget);
            var space = setup.Space;
            var metric = setup.Budget.Metric;
            double Partial(int branch) => metric == CostMetric.Macs ? setup.Costs.PartialMacs[branch] : setup.Costs.PartialLatencyMs!.Value[branch];
            int cheapestBranch = space.Branches.MinBy(Partial);
            var original = AnyMember(space, new Random((int)(c.Seed >> 1)));
            var rng = new SearchRandom(c.Seed, 2, 0);

            var repaired = setup.Factory.Repair([.. original], rng);

            var before = new Candidate(original);
            if (repaired is null)
            {
                var cheapest = new Candidate(original.Select(s => new Segment(s.Length, cheapestBranch, space.MinIntervalFor(s.Length))));
                Assert.False(setup.Fits(cheapest), $"'{before}' could be repaired to '{cheapest}'");
                return;
            }
            setup.AssertInside(repaired);
            Assert.Equal(before.Lengths, repaired.Lengths);
            for (int i = 0; i < original.Length; i++)
            {
                var (was, now) = (original[i], repaired.Segments[i]);
                Assert.True(now.Interval <= was.Interval, $"segment {i}: interval {was.Interval} grew to {now.Interval}");
                if (now.Interval > 1)
                    Assert.True(now.Branch == was.Branch || Partial(now.Branch) < Partial(was.Branch), $"segment {i}: branch {was.Branch} became the dearer {now.Branch}");
            }
            if (setup.Fits(before))
            {
                Assert.Equal(before, repaired);
                return;
            }
            // The last move lowered the cost of one segment from a state that did not fit: undoing a single
            // move (one partial step back, or a dearer branch no dearer than the original) must not fit.
            bool minimal = Enumerable.Range(0, original.Length).Any(i =>
            {
                var now = repaired.Segments[i];
                var undos = new List<Segment>();
                if (now.Interval < original[i].Interval)
                    undos.Add(new Segment(now.Length, now.Branch >= 0 ? now.Branch : original[i].Branch, now.Interval + 1));
                if (now.Interval > 1)
                {
                    undos.AddRange(space.Branches
                        .Where(b => Partial(b) > Partial(now.Branch) && Partial(b) <= Partial(original[i].Branch))
                        .Select(b => new Segment(now.Length, b, now.Interval)));
                }
                return undos.Any(undo =>
                {
                    var segments = repaired.Segments.ToArray();
                    segments[i] = undo;
                    return !setup.Fits(new Candidate(segments));
                });
            });
            Assert.True(minimal, $"'{before}' was lowered further than needed to '{repaired}'");
        }, iter: 300);
    }

    [Fact]
    public void Repair_OverBudgetEvenAtCheapest_ReturnsNull()
    {
        // Six segments of interval 2 (the minimum) cost at least 6·(10 + 1) = 66 at branch 0; the limit is 65.
        var space = SearchSpace.Create(12, [0, 3], [6], minInterval: 2);
        var setup = Make(space, Branchy, ComputeBudget.AtMost(65));

        var repaired = setup.Factory.Repair([.. Enumerable.Repeat(new Segment(2, 3, 2), 6)], new SearchRandom(1, 0, 0));

        Assert.Null(repaired);
    }

    [Fact]
    public void Repair_OnlyACheaperBranchFits_MovesThePartialStepsThere()
    {
        // At branch 3 the six segments cost 6·(10 + 7) = 102; only all at branch 0 (66) fits a limit of 66.
        var space = SearchSpace.Create(12, [0, 3], [6], minInterval: 2);
        var setup = Make(space, Branchy, ComputeBudget.AtMost(66));

        var repaired = setup.Factory.Repair([.. Enumerable.Repeat(new Segment(2, 3, 2), 6)], new SearchRandom(1, 0, 0));

        Assert.Equal(Candidate.Parse("6: 0:2x6", 12), repaired);
    }

    [Fact]
    public void Repair_HandExample_ShortensUntilItFits()
    {
        // One segment of 12 at branch 0: cost 10 + (k − 1)·1; a limit of 14 allows k ≤ 5.
        var space = SearchSpace.Create(12, [0], [1]);
        var setup = Make(space, Branchy, ComputeBudget.AtMost(14));

        var repaired = setup.Factory.Repair([new Segment(12, 0, 12)], new SearchRandom(1, 0, 0));

        Assert.Equal(new Candidate([new Segment(12, 0, 5)]), repaired);
    }

    [Fact]
    public void AllOperations_SameSeed_GiveIdenticalResults()
    {
        Check.Sample(Cases, c =>
        {
            List<Candidate?> Run()
            {
                var setup = Make(c.Space, c.Budget);
                var rng = new SearchRandom(c.Seed, 3, 2);
                var results = new List<Candidate?>();
                for (int i = 0; i < 6; i++)
                    results.Add(setup.Factory.Random(rng));
                results.Add(setup.Factory.Mutate(results[0]!, rng));
                var partner = results.Skip(1).FirstOrDefault(x => x!.SegmentCount == results[0]!.SegmentCount);
                if (partner is not null)
                    results.Add(setup.Factory.Crossover(results[0]!, partner, rng));
                var stretched = results[1]!.Segments
                    .Select(s => new Segment(s.Length, s.Branch >= 0 ? s.Branch : setup.Space.Branches[0], setup.Space.MaxIntervalFor(s.Length)));
                results.Add(setup.Factory.Repair([.. stretched], rng));
                return results;
            }

            Assert.Equal(Run(), Run());
        }, iter: 100);
    }

    [Fact]
    public void Random_DifferentSeeds_GiveDifferentCandidates()
    {
        var setup = Make(0, 0);

        var a = Enumerable.Range(0, 20).Select(_ => setup.Factory.Random(new SearchRandom(1, 0, 0))).ToList();
        var b = Enumerable.Range(0, 20).Select(i => setup.Factory.Random(new SearchRandom((ulong)i + 2, 0, 0))).ToList();

        Assert.Single(a.Distinct());
        Assert.True(b.Distinct().Count() > 10);
    }

    [Fact]
    public void Random_OnlyCheapestBranchFits_StillFindsAFittingCandidate()
    {
        // Every candidate is six segments of interval 2; only all-branch-0 ('6: 0:2x6', cost 66) fits.
        var space = SearchSpace.Create(12, [0, 3], [6], minInterval: 2);
        var setup = Make(space, Branchy, ComputeBudget.AtMost(66));
        var rng = new SearchRandom(1, 0, 0);
        Assert.Equal([6], setup.Factory.FeasibleCounts);

        var draws = Enumerable.Range(0, 20).Select(_ => setup.Factory.Random(rng)).ToList();

        Assert.All(draws, setup.AssertInside);
    }
}
