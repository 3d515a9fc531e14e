using CsCheck;
using Flexiffusion.Plans;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Tests.Space;

/// <summary>The candidate text form (Candidate.Text.cs and its parser).</summary>
public sealed class CandidateTextTests
{
    private const string Alphabet = "0123456789:FfxX*-/ ,()a";

    [Fact]
    public void ToString_RandomCandidates_ParsesBackToAnEqualCandidate()
    {
        Check.Sample(CandidateGen.Any, candidate =>
        {
            string text = candidate.ToString();

            var parsed = Candidate.Parse(text, candidate.TeacherSteps);

            Assert.Equal(candidate, parsed);
            Assert.Equal(candidate.ToPlan(), parsed.ToPlan());
            Assert.Equal(text, parsed.ToString());
        }, iter: 400);
    }

    [Fact]
    public void ToString_RandomEqualCandidates_GivesNoLengths()
    {
        Check.Sample(CandidateGen.Equal, candidate =>
        {
            string text = candidate.ToString();

            Assert.DoesNotContain('/', text);
            Assert.StartsWith(candidate.SegmentCount.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":", text, StringComparison.Ordinal);
        }, iter: 200);
    }

    [Fact]
    public void ToString_RandomUnequalCandidates_GivesALengthPerToken()
    {
        Check.Sample(CandidateGen.Unequal, candidate =>
        {
            string[] tokens = candidate.ToString().Split(' ')[1..];

            Assert.All(tokens, token => Assert.Contains('/', token));
            Assert.Equal(candidate, Candidate.Parse(candidate.ToString(), candidate.TeacherSteps));
        }, iter: 200);
    }

    [Fact]
    public void ToString_RandomCandidates_CollapsesEveryRunOfIdenticalSegments()
    {
        Check.Sample(CandidateGen.Any, candidate =>
        {
            string[] tokens = candidate.ToString().Split(' ')[1..];
            var genes = tokens.Select(t => t.Split('x')[0]).ToList();

            // Neighbouring tokens always differ: a run is written once, with its repeat.
            for (int i = 1; i < genes.Count; i++)
                Assert.NotEqual(genes[i - 1], genes[i]);
            int runs = 1;
            for (int i = 1; i < candidate.SegmentCount; i++)
            {
                if (candidate.Segments[i] != candidate.Segments[i - 1])
                    runs++;
            }
            Assert.Equal(runs, tokens.Length);
        }, iter: 200);
    }

    [Fact]
    public void ToString_DeepCacheOneToFiveAtBranchTwo_IsCanonical()
    {
        var candidate = Candidate.Equal(100, Enumerable.Repeat((2, 5), 20).ToList());

        Assert.Equal("20: 2:5x20", candidate.ToString());
    }

    [Fact]
    public void ToString_TwentyLoneFullSteps_IsCanonical()
    {
        var candidate = Candidate.Equal(100, Enumerable.Repeat((4, 1), 20).ToList());

        Assert.Equal("20: Fx20", candidate.ToString());
    }

    [Fact]
    public void ToString_UnequalSegments_GivesLengths()
    {
        var candidate = new Candidate([new Segment(40, 2, 5), new Segment(30, 2, 5), new Segment(30, 2, 1)]);

        Assert.Equal("3: 2:5/40 2:5/30 F/30", candidate.ToString());
    }

    [Fact]
    public void ToString_MixedRuns_WritesEachRunOnce()
    {
        var candidate = Candidate.Equal(12, [(1, 2), (1, 2), (0, 1), (1, 2), (3, 2), (3, 2)]);

        Assert.Equal("6: 1:2x2 F 1:2 3:2x2", candidate.ToString());
    }

    [Fact]
    public void ToString_UnequalRuns_WritesLengthThenRepeat()
    {
        var candidate = new Candidate([new Segment(2, 0, 1), new Segment(2, 0, 1), new Segment(6, 1, 3)]);

        Assert.Equal("3: F/2x2 1:3/6", candidate.ToString());
    }

    [Fact]
    public void Parse_Canonical_GivesExpectedSegments()
    {
        var candidate = Candidate.Parse("3: 2:5/40 2:5/30 F/30", 100);

        Assert.Equal<Segment>([new Segment(40, 2, 5), new Segment(30, 2, 5), new Segment(30, -1, 1)], candidate.Segments);
        Assert.Equal(100, candidate.TeacherSteps);
        Assert.Equal(11, candidate.Nfe);
    }

    [Theory]
    [InlineData("20: 2:5x20", 100, "20: 2:5x20")]
    [InlineData("20:2:5x20", 100, "20: 2:5x20")]
    [InlineData("   20  :   2:5x20   ", 100, "20: 2:5x20")]
    [InlineData("20: 2:5X20", 100, "20: 2:5x20")]
    [InlineData("20: 2:5*20", 100, "20: 2:5x20")]
    [InlineData("20: 2:5x10, 2:5x10", 100, "20: 2:5x20")]
    [InlineData("20: 2:5x5,2:5x5 ,2:5x5 , 2:5x5,", 100, "20: 2:5x20")]
    [InlineData("20: fx20", 100, "20: Fx20")]
    [InlineData("20: -:1x20", 100, "20: Fx20")]
    [InlineData("20: 3:1x20", 100, "20: Fx20")]
    [InlineData("20: 0:1x10 f*5 -:1X5", 100, "20: Fx20")]
    [InlineData("2: 3:1 2:5", 10, "2: F 2:5")]
    [InlineData("2:\t2:5,\n1:3", 10, "2: 2:5 1:3")]
    [InlineData("2: 2:5/10 F/10", 20, "2: 2:5 F")]
    [InlineData("3: 2:5/40 2:5/30 f/30", 100, "3: 2:5/40 2:5/30 F/30")]
    [InlineData("3: 2:5/40 2:5/30x2", 100, "3: 2:5/40 2:5/30x2")]
    [InlineData("4: F/1x2 f/1 1:2/2", 5, "4: F/1x3 1:2/2")]
    [InlineData("1: 007:0010", 10, "1: 7:10")]
    public void Parse_AcceptedVariant_GivesTheCanonicalCandidate(string text, int teacherSteps, string canonical)
    {
        var candidate = Candidate.Parse(text, teacherSteps);

        Assert.Equal(canonical, candidate.ToString());
        Assert.Equal(teacherSteps, candidate.TeacherSteps);
        Assert.Equal(Candidate.Parse(canonical, teacherSteps), candidate);
    }

    [Fact]
    public void Parse_IntervalOneWithABranch_IsTheLoneFullStep()
    {
        var withBranch = Candidate.Parse("2: 3:1 2:5", 10);

        Assert.Equal(new Segment(5, -1, 1), withBranch.Segments[0]);
        Assert.Equal(Candidate.Parse("2: F 2:5", 10), withBranch);
        Assert.Equal(Candidate.Parse("2: -:1 2:5", 10), withBranch);
    }

    [Theory]
    [InlineData("", 10, "the candidate text is empty")]
    [InlineData("   ", 10, "the candidate text is empty")]
    [InlineData("20 2:5x20", 100, "at character 4: expected ':' after the segment count")]
    [InlineData("20", 100, "at character 3: expected ':' after the segment count")]
    [InlineData("F: 2:5", 10, "at character 1: expected the segment count, found 'F'")]
    [InlineData("  x", 10, "at character 3: expected the segment count, found 'x'")]
    [InlineData("0: F", 10, "at character 1: the segment count must be ≥ 1")]
    [InlineData("2:", 10, "at character 3: no segments after the count")]
    [InlineData("2: , ,", 10, "at character 7: no segments after the count")]
    [InlineData("3: 2:5x2", 100, "at character 1: the count says 3 segment(s) but 2 are listed")]
    [InlineData("  3: F F F F", 12, "at character 3: the count says 3 segment(s) but 4 are listed")]
    [InlineData("20: 2:6x20", 100, "at character 5: interval 6 is longer than its segment (5 positions)")]
    [InlineData("2: F 2:9", 10, "at character 6: interval 9 is longer than its segment (5 positions)")]
    [InlineData("2: 2:5/3 F/7", 10, "at character 4: interval 5 is longer than its segment (3 positions)")]
    [InlineData("2: 2:5/10 2:5", 20, "at character 11: either every segment gives '/length' or none does")]
    [InlineData("2: 2:5 2:5/10", 20, "at character 4: either every segment gives '/length' or none does")]
    [InlineData("2: 2:5 Q", 10, "at character 8: unexpected 'Q' (expected a segment such as 2:5 or F)")]
    [InlineData("2: 2:5a F", 10, "at character 7: unexpected 'a' after a segment")]
    [InlineData("2: F(F)", 10, "at character 5: unexpected '(' after a segment")]
    [InlineData("99999999999: F", 10, "at character 1: the segment count is too large")]
    [InlineData("1: 99999999999:2", 10, "at character 4: the branch is too large")]
    [InlineData("1: 2:99999999999", 10, "at character 6: an interval is too large")]
    [InlineData("1: F/99999999999", 10, "at character 6: a segment length is too large")]
    [InlineData("1: Fx99999999999", 10, "at character 6: a repeat count is too large")]
    [InlineData("2: 2:5/40 F/30", 100, "the segment lengths add up to 70 but the teacher has 100 steps")]
    [InlineData("2: F/5x2", 12, "the segment lengths add up to 10 but the teacher has 12 steps")]
    [InlineData("3: 2:5x3", 100, "3 equal segments cannot tile 100 teacher steps")]
    [InlineData("11: Fx11", 10, "11 equal segments cannot tile 10 teacher steps")]
    [InlineData("1: 2 5", 10, "at character 5: expected ':' between branch and interval")]
    [InlineData("1: 2:", 10, "at character 6: expected an interval")]
    [InlineData("1: 2:0", 10, "at character 6: the interval must be ≥ 1")]
    [InlineData("1: -:2", 10, "at character 6: '-' (no branch) only goes with interval 1")]
    [InlineData("1: -1:5", 10, "at character 5: expected ':' after '-'")]
    [InlineData("1: F/", 10, "at character 6: expected a segment length")]
    [InlineData("1: F/0", 10, "at character 6: a segment length must be ≥ 1")]
    [InlineData("1: Fx", 10, "at character 6: a repeat needs a count")]
    [InlineData("1: Fx0", 10, "at character 6: a repeat count must be ≥ 1")]
    [InlineData("100001: Fx100001", 100001, "at character 9: more than 100000 segments")]
    public void Parse_Malformed_ThrowsFormatExceptionSayingWhereAndWhy(string text, int teacherSteps, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Candidate.Parse(text, teacherSteps));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2: 2:5/40 F/30", 100)]
    [InlineData("3: 2:5x3", 100)]
    [InlineData("11: Fx11", 10)]
    public void Parse_WholeCandidateError_GivesNoCharacterPosition(string text, int teacherSteps)
    {
        var error = Assert.Throws<FormatException>(() => Candidate.Parse(text, teacherSteps));

        Assert.DoesNotContain("at character", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Parse_TeacherStepsBelowOne_ThrowsArgumentOutOfRange(int teacherSteps)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Candidate.Parse("1: F", teacherSteps));

        Assert.Equal("teacherSteps", error.ParamName);
    }

    [Fact]
    public void TryParse_ValidText_ReturnsTheCandidateAndNoError()
    {
        bool ok = Candidate.TryParse("20: 2:5x20", 100, out var candidate, out string? error);

        Assert.True(ok);
        Assert.Null(error);
        Assert.Equal(Candidate.Equal(100, Enumerable.Repeat((2, 5), 20).ToList()), candidate);
    }

    [Theory]
    [InlineData("20 2:5x20", 100, "at character 4")]
    [InlineData("3: 2:5x3", 100, "cannot tile")]
    [InlineData("1: F", 0, "teacherSteps")]
    public void TryParse_InvalidInput_ReturnsFalseWithTheReason(string text, int teacherSteps, string expected)
    {
        bool ok = Candidate.TryParse(text, teacherSteps, out var candidate, out string? error);

        Assert.False(ok);
        Assert.Null(candidate);
        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RandomStringsFromTheAlphabet_ThrowNothingButFormatException()
    {
        var gen = Gen.Select(Gen.Char[Alphabet].Array[0, 40].Select(c => new string(c)), Gen.Int[1, 120]);

        Check.Sample(gen, AssertParsesOrRejectsCleanly, iter: 3000);
    }

    [Fact]
    public void Parse_RandomUnicodeStrings_ThrowNothingButFormatException()
    {
        var gen = Gen.Select(Gen.OneOf(Gen.String, Gen.Char.Array[0, 30].Select(c => new string(c))), Gen.Int[1, 120]);

        Check.Sample(gen, AssertParsesOrRejectsCleanly, iter: 1000);
    }

    [Fact]
    public void Parse_ValidTextWithOneCharacterChanged_ThrowsNothingButFormatException()
    {
        var gen = Gen.Select(CandidateGen.Any, Gen.Int[0, 1000], Gen.Char[Alphabet + "\u00a0\u2007é٣"], Gen.Int[0, 2]);

        Check.Sample(gen, (candidate, pick, c, edit) =>
        {
            string text = candidate.ToString();
            int at = pick % (text.Length + 1);
            string mutated = edit switch
            {
                0 => text.Insert(at, c.ToString()),
                1 when at < text.Length => text.Remove(at, 1),
                _ when at < text.Length => string.Concat(text.AsSpan(0, at), c.ToString(), text.AsSpan(at + 1)),
                _ => text + c,
            };
            AssertParsesOrRejectsCleanly(mutated, candidate.TeacherSteps);
        }, iter: 1500);
    }

    // Parse either succeeds with a candidate over the teacher that reads back from its canonical text, or throws
    // FormatException; any other exception escapes and fails the property. TryParse must agree and never throw.
    private static void AssertParsesOrRejectsCleanly(string text, int teacherSteps)
    {
        Candidate? parsed = null;
        try
        {
            parsed = Candidate.Parse(text, teacherSteps);
        }
        catch (FormatException)
        {
        }

        bool ok = Candidate.TryParse(text, teacherSteps, out var tried, out string? error);

        Assert.Equal(parsed is not null, ok);
        Assert.Equal(parsed, tried);
        Assert.Equal(ok, error is null);
        if (parsed is not null)
        {
            Assert.Equal(teacherSteps, parsed.TeacherSteps);
            Assert.Equal(parsed, Candidate.Parse(parsed.ToString(), teacherSteps));
        }
    }
}
