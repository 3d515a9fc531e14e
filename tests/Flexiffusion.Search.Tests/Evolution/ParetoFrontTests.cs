using CsCheck;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Tests.Evolution;

public sealed class ParetoFrontTests
{
    /// <summary>A distinct candidate per index, each with its own canonical text (two unequal segments).</summary>
    private static Candidate Distinct(int index) => Candidate.Parse($"2: F/{index + 2} F/1", index + 3);

    private static ScoredCandidate Scored(int index, double score, double macs, double? latencyMs = null) =>
        new(Distinct(index), new CandidateCost(macs, 1000, 1, latencyMs, latencyMs is null ? null : 1000), score, 0);

    [Theory]
    [InlineData(1.0, 10.0, 2.0, 10.0, true)]   // better score, equal cost
    [InlineData(1.0, 10.0, 1.0, 20.0, true)]   // equal score, cheaper
    [InlineData(1.0, 10.0, 2.0, 20.0, true)]   // better in both
    [InlineData(1.0, 10.0, 1.0, 10.0, false)]  // equal in both
    [InlineData(2.0, 10.0, 1.0, 10.0, false)]  // worse score
    [InlineData(1.0, 20.0, 1.0, 10.0, false)]  // dearer
    [InlineData(1.0, 20.0, 2.0, 10.0, false)]  // trade-off: better score, dearer
    [InlineData(2.0, 10.0, 1.0, 20.0, false)]  // trade-off: cheaper, worse score
    [InlineData(1e300, 10.0, double.NaN, 10.0, true)]                  // NaN ranks as +∞: any finite score beats it
    [InlineData(double.NaN, 10.0, 1e300, 10.0, false)]
    [InlineData(double.NaN, 10.0, double.PositiveInfinity, 10.0, false)] // NaN and +∞ rank equal
    [InlineData(double.PositiveInfinity, 10.0, double.NaN, 10.0, false)]
    [InlineData(double.NaN, 10.0, double.NaN, 20.0, true)]             // equal (+∞) scores, cheaper
    [InlineData(double.NaN, 5.0, 1.0, 10.0, false)]                    // NaN but cheaper: a trade-off
    [InlineData(1.0, 10.0, double.NegativeInfinity, 10.0, true)]       // −∞ is non-finite, so it also ranks last
    public void Dominates_ScoreAndCostPairs_MatchTheTruthTable(double scoreA, double macsA, double scoreB, double macsB, bool expected)
    {
        var a = Scored(0, scoreA, macsA);
        var b = Scored(1, scoreB, macsB);

        bool dominates = ParetoFront.Dominates(a, b, CostMetric.Macs);

        Assert.Equal(expected, dominates);
    }

    [Fact]
    public void Dominates_LatencyMetric_ComparesLatencyNotMacs()
    {
        var a = Scored(0, 1, macs: 100, latencyMs: 5);
        var b = Scored(1, 1, macs: 50, latencyMs: 8);

        Assert.True(ParetoFront.Dominates(a, b, CostMetric.Latency));
        Assert.False(ParetoFront.Dominates(b, a, CostMetric.Latency));
        Assert.True(ParetoFront.Dominates(b, a, CostMetric.Macs));
    }

    [Fact]
    public void Dominates_Itself_IsFalse()
    {
        var a = Scored(0, 1, 10);

        Assert.False(ParetoFront.Dominates(a, a, CostMetric.Macs));
    }

    [Fact]
    public void Of_HandExample_ReturnsTheNonDominatedSetCheapestFirst()
    {
        var f = Scored(0, double.NaN, 5);   // cheapest of all: on the front despite its score
        var a = Scored(1, 5, 10);
        var i = Scored(2, 6, 10);           // dominated by a
        var b = Scored(3, 3, 20);           // dominated by g
        var g = Scored(4, 2, 20);
        var c = Scored(5, 4, 30);           // dominated by g
        var d = Scored(6, 1, 40);
        var j = Scored(7, 1, 40);           // ties with d: neither dominates
        var e = Scored(8, 1, 50);           // dominated by d
        var h = Scored(9, double.NaN, 60);  // dominated by everything cheaper
        ScoredCandidate[] all = [h, e, j, d, c, g, b, i, a, f];

        var front = ParetoFront.Of(all, CostMetric.Macs);

        // d and j tie on cost and score; the canonical text breaks the tie.
        var ties = new[] { d, j }.OrderBy(x => x.Text, StringComparer.Ordinal).ToArray();
        Assert.Equal([f, a, g, ties[0], ties[1]], front);
    }

    [Fact]
    public void Of_Empty_ReturnsEmpty()
    {
        var front = ParetoFront.Of([], CostMetric.Macs);

        Assert.Empty(front);
    }

    [Fact]
    public void Of_LatencyMetric_UsesLatency()
    {
        var cheapInMacs = Scored(0, 1, macs: 10, latencyMs: 9);
        var cheapInTime = Scored(1, 1, macs: 20, latencyMs: 4);

        var front = ParetoFront.Of([cheapInMacs, cheapInTime], CostMetric.Latency);

        Assert.Equal([cheapInTime], front);
    }

    private static readonly Gen<List<ScoredCandidate>> ScoredSets =
        Gen.Select(Gen.OneOf(Gen.Int[0, 6].Select(i => (double)i), Gen.Const(double.NaN), Gen.Const(double.PositiveInfinity)),
                Gen.Int[1, 8])
            .Array[0, 25]
            .Select(points => points.Select((p, i) => Scored(i, p.Item1, p.Item2 * 10.0)).ToList());

    [Fact]
    public void Of_RandomSets_FrontIsExactlyTheNonDominatedSubset()
    {
        Check.Sample(ScoredSets, all =>
        {
            var front = ParetoFront.Of(all, CostMetric.Macs);

            Assert.All(front, m => Assert.DoesNotContain(all, x => ParetoFront.Dominates(x, m, CostMetric.Macs)));
            Assert.All(all.Except(front), x => Assert.Contains(front, m => ParetoFront.Dominates(m, x, CostMetric.Macs)));
            Assert.Equal(front.Count, front.Distinct().Count());
            Assert.True(front.Zip(front.Skip(1)).All(p => p.First.Cost.Macs <= p.Second.Cost.Macs), "front not sorted by cost");
        }, iter: 300);
    }

    [Fact]
    public void Rank_RandomSets_IsAPermutationWithTheFirstFrontFirstAndNoLaterCandidateDominatingAnEarlierOne()
    {
        Check.Sample(ScoredSets, all =>
        {
            var ranked = ParetoFront.Rank(all, CostMetric.Macs);

            Assert.Equal(all.Count, ranked.Count);
            Assert.Equal(all.ToHashSet(), ranked.ToHashSet());
            var front = ParetoFront.Of(all, CostMetric.Macs);
            Assert.Equal(front.ToHashSet(), ranked.Take(front.Count).ToHashSet());
            for (int i = 0; i < ranked.Count; i++)
            {
                for (int j = i + 1; j < ranked.Count; j++)
                    Assert.False(ParetoFront.Dominates(ranked[j], ranked[i], CostMetric.Macs), $"{ranked[j].Text} at {j} dominates {ranked[i].Text} at {i}");
            }
        }, iter: 300);
    }

    [Fact]
    public void Rank_HandExample_OrdersLayersThenCrowdingDistance()
    {
        // First layer (score, cost): (0.5, 80), (1, 40), (2, 20), (5, 10). The extremes get infinite
        // crowding distance (ties by score); of the middle two, (2, 20) has (5−1)/4.5 + (40−10)/70 ≈ 1.32
        // and (1, 40) has (2−0.5)/4.5 + (80−20)/70 ≈ 1.19. Second layer: (3, 30) and (1.5, 90).
        // Third layer: (4, 95).
        var p05 = Scored(0, 0.5, 80);
        var p1 = Scored(1, 1, 40);
        var p2 = Scored(2, 2, 20);
        var p5 = Scored(3, 5, 10);
        var q3 = Scored(4, 3, 30);
        var q15 = Scored(5, 1.5, 90);
        var r4 = Scored(6, 4, 95);

        var ranked = ParetoFront.Rank([r4, q3, p1, q15, p5, p2, p05], CostMetric.Macs);

        Assert.Equal([p05, p5, p2, p1, q15, q3, r4], ranked);
    }

    [Fact]
    public void Rank_Empty_ReturnsEmpty()
    {
        var ranked = ParetoFront.Rank([], CostMetric.Macs);

        Assert.Empty(ranked);
    }
}
