using System.Numerics;
using CsCheck;
using Flexiffusion.Plans;
using Flexiffusion.Search.Space;
using Flexiffusion.Search.Tests.TestSupport;

namespace Flexiffusion.Search.Tests.Space;

public sealed class SearchSpaceTests
{
    [Fact]
    public void Create_Defaults_AllowEveryDivisorAndEveryInterval()
    {
        var space = SearchSpace.Create(12, [1, 0]);

        Assert.Equal(12, space.TeacherSteps);
        Assert.Equal<int>([1, 2, 3, 4, 6, 12], space.SegmentCounts);
        Assert.Equal<int>([0, 1], space.Branches);
        Assert.Equal(1, space.MinInterval);
        Assert.Null(space.MaxInterval);
        Assert.False(space.AllowUnequalSegments);
        Assert.Equal(1, space.MinSegmentLength);
        Assert.Null(space.MaxSegmentLength);
        Assert.Equal(1, space.ShortestSegment);
        Assert.Equal(12, space.LongestSegment);
    }

    [Fact]
    public void Create_DefaultCounts_AreTheDivisorsOfHundred()
    {
        var space = SearchSpace.Create(100, [2]);

        Assert.Equal<int>([1, 2, 4, 5, 10, 20, 25, 50, 100], space.SegmentCounts);
    }

    [Fact]
    public void Create_UnsortedLists_AreSorted()
    {
        var space = SearchSpace.Create(12, [5, 0, 3], [6, 1, 3]);

        Assert.Equal<int>([0, 3, 5], space.Branches);
        Assert.Equal<int>([1, 3, 6], space.SegmentCounts);
        Assert.Equal(2, space.ShortestSegment);
        Assert.Equal(12, space.LongestSegment);
    }

    [Fact]
    public void Create_UnequalSegments_AcceptsNonDivisorCounts()
    {
        var space = SearchSpace.Create(10, [0], [3, 4], allowUnequalSegments: true, minSegmentLength: 2, maxSegmentLength: 4);

        Assert.Equal<int>([3, 4], space.SegmentCounts);
        Assert.Equal(2, space.ShortestSegment);
        Assert.Equal(4, space.LongestSegment);
    }

    [Fact]
    public void Create_UnequalMinIntervalAboveMinLength_ShortestSegmentIsTheMinInterval()
    {
        var space = SearchSpace.Create(12, [0], [2, 3], minInterval: 3, allowUnequalSegments: true, minSegmentLength: 2);

        Assert.Equal(3, space.ShortestSegment);
        Assert.False(space.AllowsLength(2));
        Assert.True(space.AllowsLength(3));
        Assert.True(space.AllowsLength(12));
    }

    [Fact]
    public void AllowsLength_EqualSegments_OnlyLengthsOfAllowedCounts()
    {
        var space = SearchSpace.Create(12, [0], [2, 4]);

        Assert.Equal([3, 6], Enumerable.Range(1, 12).Where(space.AllowsLength));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Create_TeacherStepsBelowOne_NamesTeacherSteps(int teacherSteps)
    {
        AssertInvalid("TeacherSteps", () => SearchSpace.Create(teacherSteps, [0]));
    }

    [Fact]
    public void Create_NoBranches_NamesBranches()
    {
        AssertInvalid("Branches", () => SearchSpace.Create(10, []));
    }

    [Fact]
    public void Create_NegativeBranch_NamesBranches()
    {
        var error = AssertInvalid("Branches", () => SearchSpace.Create(10, [0, 3, -2]));

        Assert.Contains("-2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DuplicateBranch_NamesBranches()
    {
        AssertInvalid("Branches", () => SearchSpace.Create(10, [1, 2, 1]));
    }

    [Fact]
    public void Create_NullBranches_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => SearchSpace.Create(10, null!));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Create_MinIntervalBelowOne_NamesMinInterval(int minInterval)
    {
        AssertInvalid("MinInterval", () => SearchSpace.Create(10, [0], minInterval: minInterval));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 2)]
    public void Create_MaxIntervalBelowMinInterval_NamesMaxInterval(int minInterval, int maxInterval)
    {
        AssertInvalid("MaxInterval", () => SearchSpace.Create(10, [0], minInterval: minInterval, maxInterval: maxInterval));
    }

    [Fact]
    public void Create_MaxIntervalEqualToMinInterval_IsValid()
    {
        var space = SearchSpace.Create(10, [0], [2, 5], minInterval: 2, maxInterval: 2);

        Assert.Equal(2, space.MaxInterval);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Create_MinSegmentLengthBelowOne_NamesMinSegmentLength(int minLength)
    {
        AssertInvalid("MinSegmentLength", () => SearchSpace.Create(10, [0], allowUnequalSegments: true, minSegmentLength: minLength));
    }

    [Fact]
    public void Create_MaxSegmentLengthBelowMinSegmentLength_NamesMaxSegmentLength()
    {
        AssertInvalid("MaxSegmentLength", () => SearchSpace.Create(10, [0], allowUnequalSegments: true, minSegmentLength: 3, maxSegmentLength: 2));
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 3 })]
    [InlineData(new[] { 2, 4 })]
    [InlineData(new[] { 0, 2 })]
    [InlineData(new[] { -5 })]
    [InlineData(new[] { 11 })]
    [InlineData(new[] { 20 })]
    [InlineData(new[] { 2, 2 })]
    [InlineData(new[] { 5, 1, 5 })]
    public void Create_InvalidSegmentCounts_NamesSegmentCounts(int[] counts)
    {
        AssertInvalid("SegmentCounts", () => SearchSpace.Create(10, [0], counts));
    }

    [Fact]
    public void Create_SegmentsShorterThanMinInterval_NamesSegmentCounts()
    {
        var error = AssertInvalid("SegmentCounts", () => SearchSpace.Create(10, [0], [2, 5], minInterval: 3));

        Assert.Contains("5 segments are 2 positions long", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, 4, null, 1)] // 3 × 4 > 10
    [InlineData(4, 1, 2, 1)] // 4 × 2 < 10
    [InlineData(4, 1, null, 3)] // 4 segments of ≥ 3 positions (the minimum interval) > 10
    [InlineData(11, 1, null, 1)] // more segments than positions
    public void Create_UnequalCountsThatCannotTile_NamesSegmentCounts(int count, int minLength, int? maxLength, int minInterval)
    {
        AssertInvalid("SegmentCounts", () => SearchSpace.Create(10, [0], [count], minInterval: minInterval,
            allowUnequalSegments: true, minSegmentLength: minLength, maxSegmentLength: maxLength));
    }

    [Fact]
    public void Contains_CandidateInside_HasNoExplanation()
    {
        var space = SearchSpace.Create(10, [0, 2], [2, 5], maxInterval: 4);
        var candidate = Candidate.Parse("2: 2:4 F", 10);

        Assert.True(space.Contains(candidate));
        Assert.Null(space.Explain(candidate));
        space.EnsureContains(candidate, "candidate");
    }

    [Theory]
    [InlineData("2: F F", 12, "it covers 12 steps, the teacher has 10")]
    [InlineData("1: 2:4", 10, "1 segments is not an allowed segment count (2,5)")]
    [InlineData("10: Fx10", 10, "10 segments is not an allowed segment count (2,5)")]
    [InlineData("2: F/4 F/6", 10, "its segments are unequal and unequal segments are not enabled")]
    [InlineData("2: 2:5 F", 10, "segment 1 has interval 5, outside 1..4")]
    [InlineData("5: F 0:2 F 2:2 1:2", 10, "segment 5 uses branch 1, not an allowed branch (0,2)")]
    [InlineData("2: F 3:3", 10, "segment 2 uses branch 3, not an allowed branch (0,2)")]
    public void Explain_CandidateOutside_SaysWhy(string text, int teacherSteps, string expected)
    {
        var space = SearchSpace.Create(10, [0, 2], [2, 5], maxInterval: 4);
        var candidate = Candidate.Parse(text, teacherSteps);

        Assert.False(space.Contains(candidate));
        Assert.Equal(expected, space.Explain(candidate));
        var error = Assert.ThrowsAny<ArgumentException>(() => space.EnsureContains(candidate, "start"));
        Assert.Equal("start", error.ParamName);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_IntervalBelowMinInterval_SaysWhy()
    {
        var space = SearchSpace.Create(10, [0], [2], minInterval: 2);

        Assert.Equal("segment 2 has interval 1, outside 2..5", space.Explain(Candidate.Parse("2: 0:2 F", 10)));
        Assert.True(space.Contains(Candidate.Parse("2: 0:2 0:5", 10)));
    }

    [Fact]
    public void Explain_UnequalSegmentOutsideLengthLimits_SaysWhy()
    {
        var space = SearchSpace.Create(10, [0], [2, 3], allowUnequalSegments: true, minSegmentLength: 3, maxSegmentLength: 6);

        Assert.Equal("segment 1 is 2 positions long, outside 3..6", space.Explain(Candidate.Parse("2: F/2 F/8", 10)));
        Assert.Equal("segment 2 is 7 positions long, outside 3..6", space.Explain(Candidate.Parse("2: F/3 F/7", 10)));
        Assert.True(space.Contains(Candidate.Parse("3: F/3 0:4/4 F/3", 10)));
        Assert.True(space.Contains(Candidate.Parse("2: F F", 10)));
    }

    [Fact]
    public void Explain_LoneFullStep_IgnoresBranch()
    {
        var space = SearchSpace.Create(4, [3]);

        Assert.True(space.Contains(new Candidate([new Segment(2, 7, 1), new Segment(2, 3, 2)])));
        Assert.False(space.Contains(new Candidate([new Segment(2, 7, 2), new Segment(2, 3, 2)])));
    }

    [Theory]
    [InlineData(1, new[] { 0 }, null, 1, 0, false, 1, 0)]
    [InlineData(6, new[] { 0 }, null, 1, 0, false, 1, 0)]
    [InlineData(12, new[] { 0, 2 }, null, 1, 0, false, 1, 0)]
    [InlineData(12, new[] { 1 }, new[] { 2, 3, 4, 6 }, 2, 3, false, 1, 0)]
    [InlineData(12, new[] { 0, 1, 2 }, new[] { 1, 4, 12 }, 1, 2, false, 1, 0)]
    [InlineData(8, new[] { 0, 1 }, null, 1, 0, true, 1, 0)]
    [InlineData(7, new[] { 0 }, new[] { 1, 2, 3, 4, 5, 6, 7 }, 1, 0, true, 1, 0)]
    [InlineData(9, new[] { 1 }, new[] { 1, 2, 3, 4 }, 2, 3, true, 1, 0)]
    [InlineData(8, new[] { 0, 1 }, new[] { 3, 4 }, 1, 2, true, 2, 3)]
    [InlineData(9, new[] { 2 }, new[] { 2, 3, 5 }, 1, 0, true, 1, 5)]
    public void Size_SmallSpaces_EqualsBruteForceCount(int teacherSteps, int[] branches, int[]? counts, int minInterval, int maxInterval,
        bool unequal, int minLength, int maxLength)
    {
        var spec = new Spec(teacherSteps, branches, counts, minInterval, maxInterval == 0 ? null : maxInterval, unequal, minLength,
            maxLength == 0 ? null : maxLength);
        var space = spec.Create();

        var admitted = new HashSet<string>(StringComparer.Ordinal);
        var perCount = new Dictionary<int, int>();
        int enumerated = 0;
        foreach (var candidate in AllCandidates(teacherSteps, branches.Max() + 1, equalOnly: !unequal))
        {
            enumerated++;
            bool inside = spec.Admits(candidate);
            Assert.True(inside == space.Contains(candidate), $"{candidate}: expected inside={inside}, Explain says '{space.Explain(candidate)}'");
            if (inside && admitted.Add(candidate.ToPlan().ToString()))
                perCount[candidate.SegmentCount] = perCount.GetValueOrDefault(candidate.SegmentCount) + 1;
        }

        if (teacherSteps > 1)
            Assert.True(enumerated > admitted.Count, "the enumeration must also reach candidates outside the space");
        Assert.Equal(new BigInteger(admitted.Count), space.Size());
        foreach (int n in Enumerable.Range(1, teacherSteps))
            Assert.Equal(new BigInteger(perCount.GetValueOrDefault(n)), space.SizeFor(n));
    }

    [Fact]
    public void Size_EqualSpaceOfHundredSteps_MatchesTheClosedForm()
    {
        var space = SearchSpace.Create(100, Enumerable.Range(0, 9));

        BigInteger expected = BigInteger.Zero;
        foreach (int n in Enumerable.Range(1, 100).Where(n => 100 % n == 0))
            expected += BigInteger.Pow(1 + (9 * ((100 / n) - 1)), n);

        Assert.Equal(expected, space.Size());
        Assert.Equal(BigInteger.Parse("100000000000001509932156432891112885159357323658803", System.Globalization.CultureInfo.InvariantCulture), space.Size());
    }

    [Fact]
    public void SizeFor_RandomSpaces_SumsToSize()
    {
        var gen = Gen.Select(Gen.Int[1, 40], Gen.Int[1, 6], Gen.Int[1, 3], Gen.Bool);
        Check.Sample(gen, (t, branchCount, minInterval, unequal) =>
        {
            var counts = Enumerable.Range(1, t).Where(n => (unequal || t % n == 0) && (long)n * minInterval <= t).ToList();
            if (counts.Count == 0)
                return;
            var space = SearchSpace.Create(t, Enumerable.Range(0, branchCount), counts, minInterval: minInterval, allowUnequalSegments: unequal);

            BigInteger sum = BigInteger.Zero;
            foreach (int n in Enumerable.Range(0, t + 2))
                sum += space.SizeFor(n);

            Assert.Equal(space.Size(), sum);
            Assert.True(space.Size() > BigInteger.Zero);
        }, iter: 100);
    }

    [Fact]
    public void SizeFor_CountNotAllowed_IsZero()
    {
        var space = SearchSpace.Create(12, [0], [2, 6]);

        Assert.Equal(BigInteger.Zero, space.SizeFor(3));
        Assert.Equal(BigInteger.Zero, space.SizeFor(0));
        Assert.Equal(BigInteger.Zero, space.SizeFor(13));
        Assert.Equal(new BigInteger(6 * 6), space.SizeFor(2));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 3)]
    [InlineData(100, 9)]
    [InlineData(50, 1)]
    public void StepwiseSize_GivenSpace_IsTwoPlusBranchesToTheTMinusOne(int teacherSteps, int branches)
    {
        var space = SearchSpace.Create(teacherSteps, Enumerable.Range(0, branches));

        BigInteger expected = BigInteger.One;
        for (int i = 1; i < teacherSteps; i++)
            expected *= 2 + branches;

        Assert.Equal(expected, space.StepwiseSize());
    }

    [Fact]
    public void StepwiseSize_TenStepsThreeBranches_IsFiveToTheNinth()
    {
        Assert.Equal(new BigInteger(1_953_125), SearchSpace.Create(10, [0, 1, 2]).StepwiseSize());
    }

    [Fact]
    public void Size_UnrestrictedUnequalSpace_IsAtMostTheStepwiseSize()
    {
        for (int t = 1; t <= 12; t++)
        {
            var space = SearchSpace.Create(t, [0, 1], Enumerable.Range(1, t), allowUnequalSegments: true);

            Assert.True(space.Size() <= space.StepwiseSize(), $"T={t}");
        }
    }

    [Theory]
    [InlineData(5, 1, null, 37)]
    [InlineData(5, 2, null, 36)]
    [InlineData(5, 1, 3, 19)]
    [InlineData(5, 3, 3, 9)]
    [InlineData(1, 1, null, 1)]
    [InlineData(2, 1, 1, 1)]
    public void GenesFor_GivenLength_CountsLoneFullStepOncePlusBranchesPerInterval(int length, int minInterval, int? maxInterval, int expected)
    {
        var space = SearchSpace.Create(10, Enumerable.Range(0, 9), [2], minInterval: minInterval, maxInterval: maxInterval);

        Assert.Equal(expected, space.GenesFor(length));
    }

    private static ArgumentException AssertInvalid(string field, Func<SearchSpace> create)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => create());
        Assert.Equal(Fields.Of(field), error.ParamName);
        Assert.StartsWith(Fields.Of(field) + ":", error.Message, StringComparison.Ordinal);
        return error;
    }

    // Every candidate over t positions whose branches lie in 0..branchUniverse (interval-1 segments once, without
    // a branch); with equalOnly, only the tilings into equal segments.
    private static IEnumerable<Candidate> AllCandidates(int t, int branchUniverse, bool equalOnly)
    {
        var tilings = equalOnly
            ? Enumerable.Range(1, t).Where(n => t % n == 0).Select(n => Enumerable.Repeat(t / n, n).ToArray())
            : Compositions(t);
        foreach (int[] lengths in tilings)
        {
            foreach (var segments in Genes(lengths, 0, [], branchUniverse))
                yield return new Candidate(segments);
        }
    }

    private static IEnumerable<int[]> Compositions(int t)
    {
        if (t == 0)
        {
            yield return [];
            yield break;
        }
        for (int first = 1; first <= t; first++)
        {
            foreach (int[] rest in Compositions(t - first))
                yield return [first, .. rest];
        }
    }

    private static IEnumerable<List<Segment>> Genes(int[] lengths, int index, List<Segment> prefix, int branchUniverse)
    {
        if (index == lengths.Length)
        {
            yield return [.. prefix];
            yield break;
        }
        int length = lengths[index];
        var options = new List<Segment> { new(length, -1, 1) };
        for (int interval = 2; interval <= length; interval++)
        {
            for (int branch = 0; branch <= branchUniverse; branch++)
                options.Add(new Segment(length, branch, interval));
        }
        foreach (var option in options)
        {
            prefix.Add(option);
            foreach (var segments in Genes(lengths, index + 1, prefix, branchUniverse))
                yield return segments;
            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    // The space written down directly from its definition, independent of SearchSpace's own arithmetic.
    private sealed record Spec(int T, int[] Branches, int[]? Counts, int MinInterval, int? MaxInterval, bool Unequal, int MinLength, int? MaxLength)
    {
        public SearchSpace Create() => SearchSpace.Create(T, Branches, Counts, MinInterval, MaxInterval, Unequal, MinLength, MaxLength);

        public bool Admits(Candidate candidate)
        {
            // Default counts: every count the limits allow — any count for unequal segments, the divisors for equal ones
            // (counts that admit no candidate add nothing either way).
            var counts = Counts ?? [.. Enumerable.Range(1, T).Where(n => Unequal || T % n == 0)];
            if (candidate.TeacherSteps != T || !counts.Contains(candidate.SegmentCount))
                return false;
            if (!Unequal && candidate.Segments.Any(s => s.Length != T / candidate.SegmentCount))
                return false;
            return candidate.Segments.All(s =>
                (!Unequal || (s.Length >= MinLength && s.Length <= (MaxLength ?? T)))
                && s.Interval >= MinInterval
                && s.Interval <= (MaxInterval ?? s.Length)
                && (s.Interval == 1 || Branches.Contains(s.Branch)));
        }
    }
}
