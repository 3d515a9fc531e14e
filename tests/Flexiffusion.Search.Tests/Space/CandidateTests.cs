using CsCheck;
using Flexiffusion.Plans;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Tests.Space;

public sealed class CandidateTests
{
    [Fact]
    public void ToPlan_RandomCandidates_HasOnePositionPerTeacherStep()
    {
        Check.Sample(CandidateGen.Any, candidate =>
        {
            var plan = candidate.ToPlan();

            Assert.Equal(candidate.TeacherSteps, plan.Count);
            Assert.Equal(candidate.Segments.Sum(s => s.Length), plan.Count);
        }, iter: 300);
    }

    [Fact]
    public void ToPlan_RandomCandidates_EachSegmentIsFullThenPartialsThenNulls()
    {
        Check.Sample(CandidateGen.Any, candidate =>
        {
            var plan = candidate.ToPlan();

            int start = 0;
            foreach (var segment in candidate.Segments)
            {
                Assert.Equal(PlanStep.Full, plan[start]);
                for (int i = 1; i < segment.Length; i++)
                {
                    var expected = i < segment.Interval ? PlanStep.Partial(segment.Branch) : PlanStep.Null;
                    Assert.Equal(expected, plan[start + i]);
                }
                start += segment.Length;
            }
            Assert.Equal(plan.Count, start);
        }, iter: 300);
    }

    [Fact]
    public void ToPlan_RandomCandidates_NfeAndFullStepsMatchTheCandidate()
    {
        Check.Sample(CandidateGen.Any, candidate =>
        {
            var plan = candidate.ToPlan();

            Assert.Equal(candidate.Nfe, plan.Nfe);
            Assert.Equal(candidate.Segments.Sum(s => s.Interval), candidate.Nfe);
            Assert.Equal(candidate.SegmentCount, plan.FullCount);
            Assert.Equal(candidate.Segments.Sum(s => s.PartialCount), plan.PartialCount);
        }, iter: 300);
    }

    [Fact]
    public void ToPlan_DeepCacheOneToFive_IsTheUniformDeepCachePlan()
    {
        var candidate = Candidate.Equal(100, Enumerable.Repeat((2, 5), 20).ToList());

        var plan = candidate.ToPlan();

        Assert.Equal(StepPlan.DeepCacheUniform(100, 5, 2), plan);
        Assert.Equal(100, candidate.Nfe);
        Assert.Equal(20, candidate.SegmentCount);
    }

    [Fact]
    public void ToPlan_TwentyLoneFullSteps_IsStepReductionToTwenty()
    {
        var candidate = Candidate.Equal(100, Enumerable.Repeat((0, 1), 20).ToList());

        var plan = candidate.ToPlan();

        Assert.Equal(StepPlan.StepReduction(100, 20), plan);
        Assert.Equal(20, candidate.Nfe);
        Assert.Equal(20, plan.Nfe);
    }

    [Fact]
    public void ToPlan_UnequalSegments_ExpandsInOrder()
    {
        var candidate = new Candidate([new Segment(3, 1, 2), new Segment(1, 0, 1), new Segment(4, 0, 3)]);

        var plan = candidate.ToPlan();

        Assert.Equal("F P1 N F F P0 P0 N", string.Join(' ', plan.Select(s => s.ToString())));
        Assert.Equal(8, candidate.TeacherSteps);
        Assert.Equal(6, candidate.Nfe);
        Assert.False(candidate.HasEqualSegments);
        Assert.Equal([3, 1, 4], candidate.Lengths);
    }

    [Fact]
    public void HasEqualSegments_RandomCandidates_TrueExactlyWhenAllLengthsMatch()
    {
        Check.Sample(CandidateGen.Any, candidate =>
            Assert.Equal(candidate.Lengths.Distinct().Count() == 1, candidate.HasEqualSegments), iter: 200);
    }

    [Fact]
    public void Equals_RebuiltFromCopiedSegments_IsEqualWithTheSameHash()
    {
        Check.Sample(CandidateGen.Any, candidate =>
        {
            var copy = new Candidate(candidate.Segments.Select(s => new Segment(s.Length, s.Branch, s.Interval)).ToList());

            Assert.NotSame(candidate, copy);
            Assert.True(candidate.Equals(copy));
            Assert.True(candidate.Equals((object)copy));
            Assert.Equal(candidate.GetHashCode(), copy.GetHashCode());
        }, iter: 200);
    }

    [Fact]
    public void Equals_OneSegmentChanged_IsNotEqual()
    {
        var gen = Gen.Select(CandidateGen.Any, Gen.Int[0, 1000]);
        Check.Sample(gen, (candidate, pick) =>
        {
            int index = pick % candidate.SegmentCount;
            var old = candidate.Segments[index];
            // A different gene on the same positions: another branch, or another interval.
            var changed = old.Interval > 1
                ? new Segment(old.Length, old.Branch + 1, old.Interval)
                : old.Length > 1 ? new Segment(old.Length, 0, 2) : new Segment(1, 0, 1);
            if (changed == old)
                return;
            var other = new Candidate(candidate.Segments.SetItem(index, changed));

            Assert.False(candidate.Equals(other));
            Assert.False(other.Equals(candidate));
            Assert.NotEqual(candidate.ToPlan(), other.ToPlan());
        }, iter: 200);
    }

    [Fact]
    public void Equals_RandomPairs_AgreesWithPlanEquality()
    {
        Check.Sample(Gen.Select(CandidateGen.Any, CandidateGen.Any), (a, b) =>
        {
            bool equal = a.Equals(b);

            Assert.Equal(a.ToPlan().Equals(b.ToPlan()), equal);
            Assert.Equal(a.Segments.SequenceEqual(b.Segments), equal);
            if (equal)
                Assert.Equal(a.GetHashCode(), b.GetHashCode());
        }, iter: 200);
    }

    [Fact]
    public void Equals_LoneFullStepsWithDifferentBranches_AreEqual()
    {
        var a = Candidate.Equal(10, [(3, 1), (2, 5)]);
        var b = Candidate.Equal(10, [(7, 1), (2, 5)]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_SameGenesInAnotherOrder_AreNotEqual()
    {
        var a = Candidate.Equal(10, [(0, 1), (2, 5)]);
        var b = Candidate.Equal(10, [(2, 5), (0, 1)]);

        Assert.NotEqual(a, b);
        Assert.False(a.Equals(null));
        Assert.False(a.Equals("2: F 2:5"));
    }

    [Fact]
    public void Equal_GenesTileTheTeacher_SplitsEvenly()
    {
        var candidate = Candidate.Equal(12, [(0, 2), (1, 1), (2, 4)]);

        Assert.Equal([4, 4, 4], candidate.Lengths);
        Assert.Equal(new Segment(4, 0, 2), candidate.Segments[0]);
        Assert.Equal(new Segment(4, -1, 1), candidate.Segments[1]);
        Assert.Equal(new Segment(4, 2, 4), candidate.Segments[2]);
        Assert.Equal(12, candidate.TeacherSteps);
        Assert.Equal(7, candidate.Nfe);
        Assert.True(candidate.HasEqualSegments);
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(100, 7)]
    [InlineData(5, 6)]
    [InlineData(10, 0)]
    public void Equal_GenesDoNotTileTheTeacher_ThrowsNamingGenes(int teacherSteps, int genes)
    {
        var list = Enumerable.Repeat((0, 1), genes).ToList();

        var error = Assert.Throws<ArgumentException>(() => Candidate.Equal(teacherSteps, list));

        Assert.Equal("genes", error.ParamName);
    }

    [Fact]
    public void Equal_IntervalLongerThanTheSegment_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Candidate.Equal(10, [(0, 6), (0, 2)]));
    }

    [Fact]
    public void Constructor_NoSegments_ThrowsNamingSegments()
    {
        var error = Assert.Throws<ArgumentException>(() => new Candidate([]));

        Assert.Equal("segments", error.ParamName);
    }

    [Fact]
    public void Constructor_UninitialisedSegment_ThrowsNamingSegments()
    {
        var error = Assert.Throws<ArgumentException>(() => new Candidate([new Segment(3, 0, 2), default]));

        Assert.Equal("segments", error.ParamName);
    }
}
