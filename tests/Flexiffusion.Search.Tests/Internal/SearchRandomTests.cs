using CsCheck;
using Flexiffusion.Search.Internal;

namespace Flexiffusion.Search.Tests.Internal;

public sealed class SearchRandomTests
{
    private static ulong[] Draw(SearchRandom rng, int count) => [.. Enumerable.Range(0, count).Select(_ => rng.NextUInt64())];

    // Goldens from an independent Python reference of SplitMix64 seeding and xoshiro256**. The
    // reference reproduces the published vectors: SplitMix64 seeded 0 first yields 0xE220A8397B1DCDAF,
    // and xoshiro256** from state {1, 2, 3, 4} yields 11520, 0, 1509978240, 1215971899390074240.
    //   M = (1 << 64) - 1
    //   def splitmix(x):
    //       x = (x + 0x9E3779B97F4A7C15) & M; z = x
    //       z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    //       z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    //       return x, z ^ (z >> 31)
    //   def rotl(v, k): return ((v << k) | (v >> (64 - k))) & M
    //   def gen(seed, g, s, count):
    //       x = seed ^ ((0x9E3779B97F4A7C15 * ((g + 1) & 0xFFFFFFFF)) & M) ^ ((0xD1B54A32D192ED03 * ((s + 1) & 0xFFFFFFFF)) & M)
    //       st = []
    //       for _ in range(4): x, z = splitmix(x); st.append(z)
    //       out = []
    //       for _ in range(count):
    //           s0, s1, s2, s3 = st
    //           r = (rotl((s1 * 5) & M, 7) * 9) & M
    //           t = (s1 << 17) & M
    //           s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)
    //           st = [s0, s1, s2, s3]; out.append(r)
    //       return out
    // The theory data are gen(seed, g, s, 100)[0:3] and [99].
    [Theory]
    [InlineData(0UL, 0, 0, 0xAA95E147AF5F8AB7UL, 0xD419F418D15DDD22UL, 0x2BFD71FCA8D23A7BUL, 0x7B3AAFC89EE9F505UL)]
    [InlineData(42UL, 3, 1, 0x863107BE0DA3C695UL, 0xAC5E3AE2C1B7D7E1UL, 0x55CCBED19B5C67D8UL, 0x0E4C51A385316A5FUL)]
    [InlineData(ulong.MaxValue, -1, 7, 0x7F7B1EF5726AE6F0UL, 0xC69B6E730E2A8EADUL, 0x44108A5389D1976DUL, 0x9D936F026A830543UL)]
    public void NextUInt64_KnownSeeds_MatchReferenceImplementation(ulong seed, int generation, int stream, ulong first, ulong second, ulong third, ulong hundredth)
    {
        var rng = new SearchRandom(seed, generation, stream);

        var drawn = Draw(rng, 100);

        Assert.Equal([first, second, third], drawn.Take(3));
        Assert.Equal(hundredth, drawn[99]);
    }

    // Lemire's multiply-and-reject over the reference above:
    //   def nexts(seed, g, s, bound, count):
    //       outs = gen(seed, g, s, 1000); res = []; i = 0
    //       while len(res) < count:
    //           prod = outs[i] * bound; i += 1
    //           if prod & M >= ((1 << 64) - bound) % bound: res.append(prod >> 64)
    //       return res
    [Theory]
    [InlineData(0UL, 0, 0, 10, new[] { 6, 8, 1, 9, 4, 7, 2, 9 })]
    [InlineData(0UL, 0, 0, int.MaxValue, new[] { 1430974627, 1779235339, 369015038, 2048453017 })]
    [InlineData(42UL, 3, 1, 3, new[] { 1, 2, 1, 1, 0, 1, 2, 0 })]
    public void Next_KnownSeeds_MatchReferenceMultiplyAndReject(ulong seed, int generation, int stream, int bound, int[] expected)
    {
        var rng = new SearchRandom(seed, generation, stream);

        var drawn = expected.Select(_ => rng.Next(bound)).ToArray();

        Assert.Equal(expected, drawn);
    }

    [Fact]
    public void NextUInt64_SameSeedGenerationAndStream_GiveTheSameSequence()
    {
        Check.Sample(Gen.Select(Gen.ULong, Gen.Int[0, 10_000], Gen.Int[0, 64]), (seed, generation, stream) =>
        {
            var a = new SearchRandom(seed, generation, stream);
            var b = new SearchRandom(seed, generation, stream);

            Assert.Equal(Draw(a, 64), Draw(b, 64));
        }, iter: 200);
    }

    [Fact]
    public void NextUInt64_DifferentGenerationStreamOrSeed_GiveDifferentSequences()
    {
        Check.Sample(Gen.Select(Gen.ULong, Gen.Int[0, 10_000], Gen.Int[0, 64]), (seed, generation, stream) =>
        {
            var reference = Draw(new SearchRandom(seed, generation, stream), 8);

            Assert.NotEqual(reference, Draw(new SearchRandom(seed, generation + 1, stream), 8));
            Assert.NotEqual(reference, Draw(new SearchRandom(seed, generation, stream + 1), 8));
            Assert.NotEqual(reference, Draw(new SearchRandom(seed + 1, generation, stream), 8));
            Assert.NotEqual(reference, Draw(new SearchRandom(seed ^ (1UL << 63), generation, stream), 8));
        }, iter: 200);
    }

    [Fact]
    public void NextUInt64_ManyGenerationsAndStreamsOfOneSeed_StartDifferently()
    {
        var firsts = new HashSet<ulong>();

        for (int generation = 0; generation < 1000; generation++)
        {
            for (int stream = 0; stream < 8; stream++)
                Assert.True(firsts.Add(new SearchRandom(7, generation, stream).NextUInt64()), $"generation {generation} stream {stream} repeats another's start");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(10)]
    [InlineData(1000)]
    [InlineData(1 << 30)]
    [InlineData((1 << 30) + 1)]
    [InlineData(int.MaxValue - 1)]
    [InlineData(int.MaxValue)]
    public void Next_AnyBound_StaysInRange(int bound)
    {
        var rng = new SearchRandom(11, 0, 0);

        for (int i = 0; i < 20_000; i++)
        {
            int value = rng.Next(bound);
            Assert.InRange(value, 0, bound - 1);
        }
    }

    [Fact]
    public void Next_RandomBounds_StayInRange()
    {
        Check.Sample(Gen.Select(Gen.ULong, Gen.Int[1, int.MaxValue]), (seed, bound) =>
        {
            var rng = new SearchRandom(seed, 0, 0);
            for (int i = 0; i < 50; i++)
                Assert.InRange(rng.Next(bound), 0, bound - 1);
        }, iter: 300);
    }

    [Fact]
    public void Next_HugeBound_ReachesTheUpperHalf()
    {
        var rng = new SearchRandom(5, 1, 2);

        var values = Enumerable.Range(0, 1000).Select(_ => rng.Next(int.MaxValue)).ToList();

        Assert.Contains(values, v => v > int.MaxValue / 2);
        Assert.Contains(values, v => v < int.MaxValue / 2);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Next_BoundBelowOne_Throws(int bound)
    {
        var rng = new SearchRandom(1, 0, 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => rng.Next(bound));
    }

    [Fact]
    public void Next_Ten_IsUniformByChiSquare()
    {
        var rng = new SearchRandom(2024, 0, 0);
        var counts = new int[10];
        const int draws = 100_000;

        for (int i = 0; i < draws; i++)
            counts[rng.Next(10)]++;

        double expected = draws / 10.0;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        // 9 degrees of freedom: P(χ² > 40) ≈ 5e-6, so a fair generator essentially never fails this.
        Assert.True(chiSquare < 40, $"χ² = {chiSquare:F1}, counts {string.Join(',', counts)}");
    }

    [Fact]
    public void Next_Three_IsUniformByChiSquare()
    {
        var rng = new SearchRandom(99, 4, 1);
        var counts = new int[3];
        const int draws = 60_000;

        for (int i = 0; i < draws; i++)
            counts[rng.Next(3)]++;

        double expected = draws / 3.0;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        // 2 degrees of freedom: P(χ² > 25) ≈ 4e-6.
        Assert.True(chiSquare < 25, $"χ² = {chiSquare:F1}, counts {string.Join(',', counts)}");
    }

    [Fact]
    public void NextDouble_ManyDraws_LieInUnitIntervalAndSpreadOverIt()
    {
        var rng = new SearchRandom(3, 0, 0);

        var values = Enumerable.Range(0, 50_000).Select(_ => rng.NextDouble()).ToList();

        Assert.All(values, v => Assert.True(v >= 0 && v < 1, v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.InRange(values.Average(), 0.49, 0.51);
        Assert.True(values.Min() < 0.001);
        Assert.True(values.Max() > 0.999);
        Assert.InRange(values.Count(v => v < 0.25), 12_000, 13_000);
    }

    [Fact]
    public void Between_SmallRange_ReachesBothEndsAndNothingOutside()
    {
        var rng = new SearchRandom(8, 2, 0);

        var values = Enumerable.Range(0, 2000).Select(_ => rng.Between(3, 6)).ToList();

        Assert.All(values, v => Assert.InRange(v, 3, 6));
        Assert.Equal([3, 4, 5, 6], values.Distinct().Order());
    }

    [Fact]
    public void Between_NegativeRange_ReachesBothEnds()
    {
        var rng = new SearchRandom(8, 2, 1);

        var values = Enumerable.Range(0, 1000).Select(_ => rng.Between(-2, 1)).ToList();

        Assert.Equal([-2, -1, 0, 1], values.Distinct().Order());
    }

    [Fact]
    public void Between_EqualEnds_ReturnsThatValue()
    {
        var rng = new SearchRandom(8, 0, 0);

        for (int i = 0; i < 100; i++)
            Assert.Equal(7, rng.Between(7, 7));
    }

    [Fact]
    public void Chance_ZeroAndOne_AreNeverAndAlways()
    {
        var rng = new SearchRandom(4, 0, 0);

        for (int i = 0; i < 1000; i++)
        {
            Assert.False(rng.Chance(0));
            Assert.True(rng.Chance(1));
        }
    }

    [Fact]
    public void Chance_Quarter_HitsAboutAQuarterOfTheTime()
    {
        var rng = new SearchRandom(4, 1, 0);

        int hits = Enumerable.Range(0, 40_000).Count(_ => rng.Chance(0.25));

        Assert.InRange(hits, 9_500, 10_500);
    }

    [Fact]
    public void Pick_ManyDraws_ReturnsEveryItemAndOnlyItems()
    {
        var rng = new SearchRandom(6, 0, 0);
        string[] items = ["a", "b", "c", "d", "e"];

        var picked = Enumerable.Range(0, 1000).Select(_ => rng.Pick(items)).ToHashSet();

        Assert.Equal(items.ToHashSet(), picked);
    }

    [Fact]
    public void Pick_EmptyList_Throws()
    {
        var rng = new SearchRandom(6, 0, 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => rng.Pick(Array.Empty<int>()));
    }
}
