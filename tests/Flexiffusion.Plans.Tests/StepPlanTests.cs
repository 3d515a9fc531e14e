namespace Flexiffusion.Plans.Tests;

public class StepPlanTests
{
    [Theory]
    [InlineData("F P3x4", 5, "F P3 P3 P3 P3")]
    [InlineData("(F P2 N)x2", 6, "F P2 N F P2 N")]
    [InlineData("F,N,p1 , f", 4, "F N P1 F")]
    [InlineData("((F N)x2 P0)x2", 10, "F N F N P0 F N F N P0")]
    [InlineData("F*3", 3, "F F F")]
    public void Parse_StepList_ExpandsTokensGroupsAndRepeats(string text, int positions, string expected)
    {
        var plan = StepPlan.Parse(text, positions);

        Assert.Equal(expected, string.Join(' ', plan.Select(s => s.ToString())));
    }

    [Fact]
    public void Parse_DeepCacheShorthand_IsUniformOneToN()
    {
        var plan = StepPlan.Parse("deepcache:5:2", 20);

        Assert.Equal(StepPlan.DeepCacheUniform(20, 5, 2), plan);
        Assert.Equal(4, plan.FullCount);
        Assert.Equal(16, plan.PartialCount);
        Assert.All(plan.Where((_, i) => i % 5 != 0), s => Assert.Equal(PlanStep.Partial(2), s));
    }

    [Fact]
    public void Parse_DdimShorthand_SpreadsFullStepsAndNullsTheRest()
    {
        var plan = StepPlan.Parse("ddim:4", 20);

        Assert.Equal(4, plan.Nfe);
        Assert.Equal([0, 5, 10, 15], Enumerable.Range(0, 20).Where(i => plan[i].Kind == StepKind.Full));
        Assert.Equal(16, plan.Count(s => s.Kind == StepKind.Null));
    }

    [Fact]
    public void Parse_Teacher_IsAllFull()
    {
        Assert.Equal(StepPlan.Teacher(7), StepPlan.Parse("teacher", 7));
    }

    [Theory]
    [InlineData("", 3, "empty")]
    [InlineData("F Q", 2, "at character 3: unknown step 'Q'")]
    [InlineData("F P", 2, "at character 4: 'P' needs a branch")]
    [InlineData("(F N", 2, "at character 1: '(' is never closed")]
    [InlineData("F N)", 2, "at character 4: ')' without a matching '('")]
    [InlineData("F Nx", 2, "a repeat needs a count")]
    [InlineData("F Nx0", 1, "repeat count must be ≥ 1")]
    [InlineData("F N", 3, "2 positions but the teacher has 3")]
    [InlineData("N F", 2, "must start with a full step")]
    [InlineData("deepcache:0:1", 10, "interval must be between 1 and 10 (got 0)")]
    [InlineData("deepcache:5", 10, "takes 2 argument(s)")]
    [InlineData("ddim:11", 10, "between 1 and 10")]
    [InlineData("warp:3", 10, "unknown plan shorthand 'warp'")]
    [InlineData("F Nx99999999999", 2, "too large")]
    [InlineData("(F)x1000000 F", 2, "longer than")]
    public void Parse_Malformed_ThrowsFormatExceptionSayingWhereAndWhy(string text, int positions, string expected)
    {
        var error = Assert.Throws<FormatException>(() => StepPlan.Parse(text, positions));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(F P3x4)x20", 100)]
    [InlineData("F N F P1 P2 N N F", 8)]
    [InlineData("(F N)x3 F P0x3", 10)]
    [InlineData("teacher", 50)]
    public void ToString_ParsesBackToTheSamePlan(string text, int positions)
    {
        var plan = StepPlan.Parse(text, positions);

        Assert.Equal(plan, StepPlan.Parse(plan.ToString(), positions));
    }

    [Fact]
    public void ToString_PeriodicPlan_IsCompactGroup()
    {
        Assert.Equal("(F P3x4)x20", StepPlan.DeepCacheUniform(100, 5, 3).ToString());
        Assert.Equal("Fx6", StepPlan.Teacher(6).ToString());
    }

    [Fact]
    public void CacheBranchesAfter_ListsBranchesUntilTheNextFullStep()
    {
        var plan = StepPlan.Parse("F P3 N P1 P3 F P0 F", 8);

        Assert.Equal([1, 3], plan.CacheBranchesAfter(0));
        Assert.Equal([0], plan.CacheBranchesAfter(5));
        Assert.Empty(plan.CacheBranchesAfter(7));
        Assert.Throws<ArgumentException>(() => plan.CacheBranchesAfter(1));
    }

    [Fact]
    public void Counts_MatchTheSteps()
    {
        var plan = StepPlan.Parse("F P3 N P1 P3 F P0 N", 8);

        Assert.Equal(2, plan.FullCount);
        Assert.Equal(4, plan.PartialCount);
        Assert.Equal(6, plan.Nfe);
        Assert.Equal(3, plan.MaxBranch);
    }

    [Fact]
    public void Constructor_FirstStepNotFull_Throws()
    {
        Assert.Throws<ArgumentException>(() => new StepPlan([PlanStep.Partial(0), PlanStep.Full]));
        Assert.Throws<ArgumentException>(() => new StepPlan([]));
    }

    [Fact]
    public void Parse_RandomText_NeverThrowsAnythingButFormatException()
    {
        var random = new Random(1234);
        const string alphabet = "FNPpfnx*()0123456789 ,:ddimteacherq";
        for (int i = 0; i < 5000; i++)
        {
            var chars = new char[random.Next(0, 16)];
            for (int j = 0; j < chars.Length; j++)
                chars[j] = alphabet[random.Next(alphabet.Length)];
            string text = new(chars);
            if (StepPlan.TryParse(text, 6, out var plan, out string? error))
                Assert.Equal(6, plan!.Count);
            else
                Assert.False(string.IsNullOrEmpty(error));
        }
    }

    [Fact]
    public void Parse_QuadraticAndNonUniformShorthands_PlaceFullStepsAsFullStepsSays()
    {
        var quadratic = StepPlan.Parse("quadratic:10", 100);
        var nonUniform = StepPlan.Parse("deepcache-nu:10:2", 100);

        Assert.Equal(FullSteps.Quadratic(100, 10), quadratic.FullPositions());
        Assert.Equal(FullSteps.AroundCenter(100, 10, 30), nonUniform.FullPositions());
        Assert.All(Enumerable.Range(0, 100).Where(i => nonUniform[i].Kind != StepKind.Full), i => Assert.Equal(PlanStep.Partial(2), nonUniform[i]));
        Assert.True(quadratic.FullPositions()[^1] - quadratic.FullPositions()[^2] < quadratic.FullPositions()[1] - quadratic.FullPositions()[0]);
    }

    [Theory]
    [InlineData("ddim:0")]
    [InlineData("quadratic:101")]
    [InlineData("deepcache:0:1")]
    [InlineData("deepcache-nu:1:2")]
    public void Parse_ShorthandOutOfRange_IsAFormatError(string text)
    {
        Assert.Throws<FormatException>(() => StepPlan.Parse(text, 100));
    }

    [Theory]
    [InlineData("20: 2:5x20", 100, "deepcache:5:2")]
    [InlineData("20: Fx20", 100, "ddim:20")]
    [InlineData("3: 1:3/4 F/3 2:2/3", 10, "F P1 P1 N F N N F P2 N")]
    [InlineData("  2: F, 0:4 ", 8, "F N N N F P0 P0 P0")]
    public void Parse_SegmentList_IsAShorthandOfTheStepList(string segments, int positions, string steps)
    {
        Assert.Equal(StepPlan.Parse(steps, positions), StepPlan.Parse(segments, positions));
        Assert.Equal(StepPlan.Parse(steps, positions), StepPlan.FromSegments(StepPlan.ParseSegments(segments, positions)));
    }

    [Theory]
    [InlineData("3: 2:5x2", 100, "the count says 3 segment(s) but 2 are listed")]
    [InlineData("2: F Nx", 10, "at character 6: unexpected 'N'")]
    [InlineData("2: Fx", 10, "at character 6: a repeat needs a count")]
    public void Parse_MalformedSegmentList_SaysWhereAndWhy(string text, int positions, string expected)
    {
        var error = Assert.Throws<FormatException>(() => StepPlan.Parse(text, positions));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
