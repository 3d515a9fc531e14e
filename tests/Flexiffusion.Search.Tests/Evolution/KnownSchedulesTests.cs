using CsCheck;
using Flexiffusion.Plans;
using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Tests.Evolution;

public sealed class KnownSchedulesTests
{
    private static IEnumerable<int> Divisors(int t) => Enumerable.Range(1, t).Where(n => t % n == 0);

    /// <summary>The starts of a candidate's segments (its full-step positions).</summary>
    private static List<int> Starts(Candidate candidate)
    {
        var starts = new List<int>();
        int position = 0;
        foreach (var s in candidate.Segments)
        {
            starts.Add(position);
            position += s.Length;
        }
        return starts;
    }

    /// <summary>A DeepCache non-uniform candidate built directly from its full-step positions.</summary>
    private static Candidate FromStarts(int teacherSteps, IReadOnlyList<int> starts, int branch) =>
        new(starts.Select((start, j) =>
        {
            int length = (j + 1 < starts.Count ? starts[j + 1] : teacherSteps) - start;
            return new Segment(length, branch, length);
        }));

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(50)]
    [InlineData(100)]
    public void StepReduction_EveryDivisor_ExpandsToThePlansStepReduction(int teacherSteps)
    {
        foreach (int n in Divisors(teacherSteps))
        {
            var candidate = KnownSchedules.StepReduction(teacherSteps, n);

            Assert.Equal(StepPlan.StepReduction(teacherSteps, n), candidate.ToPlan());
            Assert.Equal(n, candidate.SegmentCount);
            Assert.Equal(n, candidate.Nfe);
        }
    }

    [Theory]
    [InlineData(12)]
    [InlineData(100)]
    public void StepReduction_AnyStepCount_ExpandsToThePlansDdimShorthand(int teacherSteps)
    {
        for (int k = 1; k <= teacherSteps; k++)
        {
            var candidate = KnownSchedules.StepReduction(teacherSteps, k);

            Assert.Equal(StepPlan.StepReduction(teacherSteps, k), candidate.ToPlan());
            Assert.Equal(k, candidate.Nfe);
            Assert.Equal(teacherSteps % k == 0, candidate.HasEqualSegments);
        }
    }

    [Theory]
    [InlineData(12, 0)]
    [InlineData(12, 13)]
    public void StepReduction_StepsOutsideTheTeacher_Throw(int teacherSteps, int steps)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KnownSchedules.StepReduction(teacherSteps, steps));
        Assert.Throws<ArgumentOutOfRangeException>(() => KnownSchedules.QuadraticStepReduction(teacherSteps, steps));
    }

    [Fact]
    public void QuadraticStepReduction_Golden_IsDenseAtTheEndOfSampling()
    {
        // T − ⌈T·((k − j)/k)²⌉ for T = 100, k = 5: 100 − {100, 64, 36, 16, 4}.
        var candidate = KnownSchedules.QuadraticStepReduction(100, 5);

        Assert.Equal([0, 36, 64, 84, 96], Starts(candidate));
        Assert.Equal(5, candidate.Nfe);
    }

    [Fact]
    public void QuadraticStepReduction_AnyStepCount_GivesDistinctFullStepsWithShrinkingGaps()
    {
        Check.Sample(Gen.Int[1, 200].SelectMany(t => Gen.Int[1, t].Select(k => (t, k))), pair =>
        {
            var (t, k) = pair;
            var candidate = KnownSchedules.QuadraticStepReduction(t, k);
            var starts = Starts(candidate);

            Assert.Equal(k, candidate.SegmentCount);
            Assert.Equal(k, candidate.Nfe);
            Assert.Equal(t, candidate.TeacherSteps);
            Assert.Equal(0, starts[0]);
            var lengths = candidate.Lengths.SkipLast(1).ToList();
            // Gaps never grow by more than the one position a push-apart can add.
            for (int i = 1; i < lengths.Count; i++)
                Assert.True(lengths[i] <= lengths[i - 1] + 1, $"T={t} k={k}: gap {lengths[i]} after {lengths[i - 1]}");
        }, iter: 300);
    }

    [Fact]
    public void QuadraticStepReduction_EveryPosition_IsTheTeacher()
    {
        Assert.Equal(StepPlan.Teacher(30), KnownSchedules.QuadraticStepReduction(30, 30).ToPlan());
    }

    [Theory]
    [InlineData(12)]
    [InlineData(50)]
    [InlineData(100)]
    public void DeepCacheUniform_EveryDivisorAndBranch_ExpandsToThePlansDeepCacheUniform(int teacherSteps)
    {
        foreach (int interval in Divisors(teacherSteps))
        {
            for (int branch = 0; branch < 4; branch++)
            {
                var candidate = KnownSchedules.DeepCacheUniform(teacherSteps, interval, branch);

                Assert.Equal(StepPlan.DeepCacheUniform(teacherSteps, interval, branch), candidate.ToPlan());
                Assert.Equal(teacherSteps / interval, candidate.SegmentCount);
                Assert.Equal(teacherSteps, candidate.Nfe);
            }
        }
    }

    [Theory]
    [InlineData(12)]
    [InlineData(100)]
    public void DeepCacheUniform_AnyInterval_ExpandsToThePlansDeepCacheUniformWithAShorterLastSegment(int teacherSteps)
    {
        for (int interval = 1; interval <= teacherSteps; interval++)
        {
            var candidate = KnownSchedules.DeepCacheUniform(teacherSteps, interval, 1);

            Assert.Equal(StepPlan.DeepCacheUniform(teacherSteps, interval, 1), candidate.ToPlan());
            Assert.Equal((teacherSteps + interval - 1) / interval, candidate.SegmentCount);
            Assert.Equal(teacherSteps % interval == 0, candidate.HasEqualSegments);
        }
    }

    [Theory]
    [InlineData(12, 0)]
    [InlineData(12, -2)]
    [InlineData(12, 13)]
    public void DeepCacheUniform_IntervalOutsideTheTeacher_ThrowsNamingInterval(int teacherSteps, int interval)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => KnownSchedules.DeepCacheUniform(teacherSteps, interval, 0));

        Assert.Equal("interval", error.ParamName);
    }

    // Goldens computed independently with this Python script (int() truncates toward zero):
    //   import math
    //   def positions(T, n, center, power=1.4):
    //       p = power
    //       while p > 1:
    //           low = -(center ** (1 / p)); high = (T - center) ** (1 / p)
    //           xs = [low + (high - low) * i / n for i in range(n + 1)]
    //           vals = sorted(set(int(math.copysign(abs(x) ** p, x)) for x in xs))
    //           inner = [v + center for v in vals[1:-1] if 0 < v + center < T]
    //           if len(inner) + 1 == n:
    //               return [0] + inner
    //           p -= 0.02
    //       return None
    [Theory]
    [InlineData(50, 10, 15, new[] { 0, 6, 11, 14, 15, 19, 24, 29, 35, 42 })]
    [InlineData(100, 20, 30, new[] { 0, 6, 12, 17, 21, 25, 28, 30, 31, 34, 38, 43, 48, 53, 59, 65, 71, 78, 85, 92 })]
    [InlineData(100, 10, 30, new[] { 0, 12, 21, 28, 31, 38, 48, 59, 71, 85 })]
    [InlineData(24, 6, 7, new[] { 0, 5, 7, 9, 13, 18 })]
    [InlineData(12, 4, 4, new[] { 0, 4, 5, 8 })]        // needs the power lowered to 1.3
    [InlineData(24, 7, 7, new[] { 0, 4, 7, 8, 11, 14, 19 })] // needs 1.36
    [InlineData(12, 7, 4, new[] { 0, 2, 4, 5, 6, 8, 10 })]  // needs 1.02
    public void DeepCacheNonUniform_KnownCases_PlaceFullStepsLikeTheReferenceScript(int teacherSteps, int fullSteps, int center, int[] expected)
    {
        var candidate = KnownSchedules.DeepCacheNonUniform(teacherSteps, fullSteps, 2, center);

        Assert.NotNull(candidate);
        Assert.Equal(expected, Starts(candidate));
        Assert.Equal(FromStarts(teacherSteps, expected, 2), candidate);
    }

    [Theory]
    [InlineData(10, 10, 3)]
    [InlineData(12, 8, 4)]
    [InlineData(24, 15, 7)]
    public void DeepCacheNonUniform_NoPowerGivesThatManyPositions_ReturnsNull(int teacherSteps, int fullSteps, int center)
    {
        var candidate = KnownSchedules.DeepCacheNonUniform(teacherSteps, fullSteps, 0, center);

        Assert.Null(candidate);
    }

    [Theory]
    [InlineData(50, 1, 15)]
    [InlineData(50, 0, 15)]
    [InlineData(50, -3, 15)]
    [InlineData(50, 51, 15)]
    [InlineData(50, 10, 0)]
    [InlineData(50, 10, -1)]
    [InlineData(50, 10, 50)]
    [InlineData(50, 10, 60)]
    public void DeepCacheNonUniform_FullStepsOrCentreOutOfRange_ReturnsNull(int teacherSteps, int fullSteps, int center)
    {
        var candidate = KnownSchedules.DeepCacheNonUniform(teacherSteps, fullSteps, 0, center);

        Assert.Null(candidate);
    }

    [Theory]
    [InlineData(50, 10, 15)]
    [InlineData(100, 20, 30)]
    [InlineData(100, 10, 30)]
    [InlineData(100, 5, 50)]
    [InlineData(30, 5, 9)]
    [InlineData(24, 6, 7)]
    [InlineData(24, 8, 7)]
    [InlineData(250, 25, 75)]
    public void DeepCacheNonUniform_Interior_IsFullThenPartialSegmentsDensestAroundTheCentre(int teacherSteps, int fullSteps, int center)
    {
        var candidate = KnownSchedules.DeepCacheNonUniform(teacherSteps, fullSteps, 1, center);

        Assert.NotNull(candidate);
        Assert.Equal(fullSteps, candidate.SegmentCount);
        Assert.Equal(teacherSteps, candidate.TeacherSteps);
        var plan = candidate.ToPlan();
        var starts = Starts(candidate);
        Assert.Equal(0, starts[0]);
        for (int position = 0; position < teacherSteps; position++)
            Assert.Equal(starts.Contains(position) ? PlanStep.Full : PlanStep.Partial(1), plan[position]);
        Assert.All(candidate.Segments, s => Assert.Equal(s.Length, s.Interval));
        var lengths = candidate.Lengths.ToList();
        int central = starts.FindLastIndex(s => s <= center);
        Assert.True(lengths[central] <= lengths[0] && lengths[central] <= lengths[^1],
            $"segment {central} around the centre is {lengths[central]} long; first {lengths[0]}, last {lengths[^1]}");
    }

    [Fact]
    public void DeepCacheNonUniform_RandomArguments_IsNullOrAValidFullThenPartialTiling()
    {
        var gen = Gen.Int[4, 200].SelectMany(t => Gen.Select(Gen.Const(t), Gen.Int[2, t], Gen.Int[1, t - 1], Gen.Int[0, 3]));
        Check.Sample(gen, (t, fullSteps, center, branch) =>
        {
            var candidate = KnownSchedules.DeepCacheNonUniform(t, fullSteps, branch, center);
            if (candidate is null)
                return;

            Assert.Equal(fullSteps, candidate.SegmentCount);
            Assert.Equal(t, candidate.TeacherSteps);
            Assert.Equal(t, candidate.Nfe);
            Assert.All(candidate.Segments, s => Assert.True(s.Interval == s.Length && (s.Interval == 1 || s.Branch == branch)));
        }, iter: 300);
    }

    [Fact]
    public void DeepCacheNonUniform_LowerPower_SpreadsFullStepsMoreEvenly()
    {
        var steep = KnownSchedules.DeepCacheNonUniform(100, 10, 0, 30, power: 2.0);
        var gentle = KnownSchedules.DeepCacheNonUniform(100, 10, 0, 30, power: 1.1);

        Assert.NotNull(steep);
        Assert.NotNull(gentle);
        Assert.True(steep.Lengths.Max() - steep.Lengths.Min() > gentle.Lengths.Max() - gentle.Lengths.Min());
    }

    [Fact]
    public void For_StepReduction_GivesOneSchedulePerAllowedSegmentCount()
    {
        var space = SearchSpace.Create(12, [0, 1]);

        var found = KnownSchedules.For(space, ScheduleSeeding.StepReduction);

        Assert.Equal([1, 2, 3, 4, 6, 12], found.Select(c => c.SegmentCount));
        Assert.All(found, c => Assert.Equal(KnownSchedules.StepReduction(12, c.SegmentCount), c));
    }

    [Fact]
    public void For_DeepCacheUniform_GivesOnePerSegmentCountWithPartialStepsAndBranch()
    {
        var space = SearchSpace.Create(12, [0, 1]);
        var expected = new[] { 1, 2, 3, 4, 6 }
            .SelectMany(n => new[] { 0, 1 }.Select(b => KnownSchedules.DeepCacheUniform(12, 12 / n, b)))
            .ToHashSet();

        var found = KnownSchedules.For(space, ScheduleSeeding.DeepCacheUniform);

        Assert.Equal(10, found.Count);
        Assert.Equal(expected, found.ToHashSet());
    }

    [Fact]
    public void For_NonUniformInEqualSpace_GivesNothing()
    {
        var space = SearchSpace.Create(12, [0, 1]);

        var found = KnownSchedules.For(space, ScheduleSeeding.DeepCacheNonUniform);

        Assert.Empty(found);
    }

    [Fact]
    public void For_NonUniformInUnequalSpace_GivesEveryFeasibleCountAndBranchAroundThirtyPercent()
    {
        var space = SearchSpace.Create(12, [0, 1], allowUnequalSegments: true);
        // Full-step positions for T = 12 around centre round(0.3·12) = 4, from the reference script above;
        // counts 1, 8, 10, 11 and 12 have none.
        int[][] positions =
        [
            [0, 4], [0, 4, 6], [0, 4, 5, 8], [0, 3, 4, 5, 8], [0, 3, 4, 5, 7, 9], [0, 2, 4, 5, 6, 8, 10], [0, 2, 3, 4, 5, 6, 7, 9, 10],
        ];
        var expected = positions.SelectMany(p => new[] { 0, 1 }.Select(b => FromStarts(12, p, b))).ToHashSet();

        var found = KnownSchedules.For(space, ScheduleSeeding.DeepCacheNonUniform);

        Assert.Equal(expected.Count, found.Count);
        Assert.Equal(expected, found.ToHashSet());
    }

    [Fact]
    public void For_All_IsTheUnionOfEachKindWithoutDuplicates()
    {
        var space = SearchSpace.Create(12, [0, 1], allowUnequalSegments: true);

        var all = KnownSchedules.For(space, ScheduleSeeding.All);

        var union = new[] { ScheduleSeeding.StepReduction, ScheduleSeeding.QuadraticStepReduction, ScheduleSeeding.DeepCacheUniform, ScheduleSeeding.DeepCacheNonUniform }
            .SelectMany(kind => KnownSchedules.For(space, kind))
            .ToHashSet();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(union, all.ToHashSet());
        Assert.All(Enumerable.Range(1, 12), k => Assert.Contains(KnownSchedules.StepReduction(12, k), all));
        Assert.All(Enumerable.Range(2, 11), n => Assert.Contains(KnownSchedules.DeepCacheUniform(12, n, 1), all));
    }

    [Fact]
    public void For_None_GivesNothing()
    {
        var found = KnownSchedules.For(SearchSpace.Create(12, [0, 1], allowUnequalSegments: true), ScheduleSeeding.None);

        Assert.Empty(found);
    }

    [Fact]
    public void For_SameScheduleFromTwoKinds_AppearsOnce()
    {
        // With one-position segments DeepCache non-uniform over 2 steps of a 2-step teacher is the
        // teacher itself, which step reduction to 2 steps also gives.
        var space = SearchSpace.Create(2, [0], allowUnequalSegments: true);

        var found = KnownSchedules.For(space, ScheduleSeeding.All);

        Assert.Equal(found.Count, found.Distinct().Count());
        Assert.Contains(KnownSchedules.StepReduction(2, 2), found);
    }

    [Fact]
    public void For_IntervalLimits_KeepOnlySchedulesInsideTheSpace()
    {
        // Intervals 2..3 rule out step reduction (interval 1) and DeepCache 1:4, 1:6 and 1:12.
        var space = SearchSpace.Create(12, [0, 1], minInterval: 2, maxInterval: 3);

        var found = KnownSchedules.For(space, ScheduleSeeding.All);

        var expected = new[] { 2, 3 }.SelectMany(k => new[] { 0, 1 }.Select(b => KnownSchedules.DeepCacheUniform(12, k, b))).ToHashSet();
        Assert.Equal(expected, found.ToHashSet());
        Assert.All(found, c => Assert.Null(space.Explain(c)));
    }

    [Fact]
    public void For_RandomSpaces_GivesOnlyDistinctCandidatesInsideTheSpace()
    {
        var gen = Gen.Select(Gen.Int[2, 40], Gen.Int[1, 3], Gen.Int[1, 3], Gen.Bool, Gen.Int[0, 7]);
        Check.Sample(gen, (t, branchCount, minInterval, unequal, kinds) =>
        {
            if (minInterval > t)
                return;
            var space = SearchSpace.Create(t, Enumerable.Range(0, branchCount), minInterval: minInterval, maxInterval: minInterval + 3,
                allowUnequalSegments: unequal, maxSegmentLength: unequal ? Math.Max(2 * minInterval, t / 2) : null);

            var found = KnownSchedules.For(space, (ScheduleSeeding)kinds);

            Assert.All(found, c => Assert.Null(space.Explain(c)));
            Assert.Equal(found.Count, found.Distinct().Count());
            if (!unequal)
                Assert.All(found, c => Assert.True(c.HasEqualSegments));
        }, iter: 150);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(50, true)]
    [InlineData(37, true)]
    [InlineData(12, false)]
    public void Named_EveryKnownSchedule_RunsThePlanItsNameNames(int teacherSteps, bool unequal)
    {
        var space = SearchSpace.Create(teacherSteps, [0, 1, 2], allowUnequalSegments: unequal);

        var known = KnownSchedules.Named(space, ScheduleSeeding.All);

        Assert.NotEmpty(known);
        Assert.Equal(unequal, known.Any(k => k.Family == ScheduleSeeding.QuadraticStepReduction));
        Assert.All(known, k => Assert.Equal(StepPlan.Parse(k.Name, teacherSteps), k.Candidate.ToPlan()));
    }
}
