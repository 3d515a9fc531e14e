using CsCheck;

namespace Flexiffusion.Plans.Tests;

/// <summary>
/// Bounded-time fuzzing of the plan text parser (every plan, schedule and candidate text a user or a client sends
/// goes through it): texts built from the grammar's own tokens, with huge and negative numbers, and valid texts with
/// one character changed. Each either parses into a plan over the teacher that reads back from its canonical text, or
/// is refused with a <see cref="FormatException"/> — never another exception, never a hang or an unbounded expansion.
/// </summary>
public sealed class StepPlanFuzzTests
{
    private static readonly string[] Tokens =
    [
        "F", "N", "P", "P0", "P2", "P3", "P99", "x", "x2", "x4", "x20", "x0", "x-1", "x2147483647", "x99999999999", "(", ")", "((", ")x3",
        ":", "/", "/0", "/40", " ", ",", "0", "1", "2", "5", "12", "-1", "2147483648", "1e3", "teacher", "ddim:", "ddim:4", "ddim:0",
        "quadratic:", "quadratic:5", "deepcache:", "deepcache:3:1", "deepcache-nu:", "deepcache-nu:4:2", "20: 2:5x20", "3: 2:5/40 2:5/30 F/30",
        "2: 1:3x2", "F/12", "é", "٣", "\t", "\0", "\u00a0",
    ];

    private static readonly string[] Valid =
    [
        "(F P3x4)x4", "F Nx19", "teacher", "ddim:5", "quadratic:4", "deepcache:4:2", "deepcache-nu:5:1", "4: 2:5x4", "3: 2:5/8 1:4/6 F/6", "(F P0 N)x5 F Nx4",
    ];

    private static readonly int[] Positions = [1, 6, 12, 20];

    private static readonly Gen<string> FromTokens = Gen.Int[0, Tokens.Length - 1].Array[0, 20].Select(ids => string.Concat(ids.Select(i => Tokens[i])));

    private static readonly Gen<string> OneCharacterChanged =
        Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Int[0, 1000], Gen.Char["FNPx():/ ,0123456789-é"], Gen.Int[0, 2]).Select((v, pick, c, edit) =>
        {
            string text = Valid[v];
            int at = pick % (text.Length + 1);
            return edit switch
            {
                0 => text.Insert(at, c.ToString()),
                1 when at < text.Length => text.Remove(at, 1),
                _ when at < text.Length => string.Concat(text.AsSpan(0, at), c.ToString(), text.AsSpan(at + 1)),
                _ => text + c,
            };
        });

    private int _parsed;

    [Fact]
    public void Parse_TextsFromTheGrammarsTokens_ParseOrThrowOnlyFormatException()
    {
        Check.Sample(FromTokens, AssertParsesOrRefuses, iter: 20_000);

        Assert.True(_parsed > 100, $"only {_parsed} texts parsed: the generator no longer reaches the accepting paths");
    }

    [Fact]
    public void Parse_ValidTextsWithOneCharacterChanged_ParseOrThrowOnlyFormatException()
    {
        Check.Sample(OneCharacterChanged, AssertParsesOrRefuses, iter: 10_000);

        Assert.True(_parsed > 100, $"only {_parsed} texts parsed: the generator no longer reaches the accepting paths");
    }

    [Fact]
    public void Parse_AnyUnicodeText_ParsesOrThrowsOnlyFormatException() =>
        Check.Sample(Gen.String, AssertParsesOrRefuses, iter: 5_000);

    [Theory]
    [InlineData("(F)x2147483647")]
    [InlineData("((F Nx9)x99999)x99999")]
    [InlineData("F Nx2147483647 Nx2147483647")]
    [InlineData("2147483647: 1:2x2147483647")]
    public void Parse_HugeRepeatCounts_RefusedWithoutExpanding(string text)
    {
        // A text that would expand past the teacher is refused as soon as it does (no allocation in proportion to the counts).
        var error = Assert.Throws<FormatException>(() => StepPlan.Parse(text, 20));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    private void AssertParsesOrRefuses(string text)
    {
        foreach (int positions in Positions)
        {
            StepPlan plan;
            try
            {
                plan = StepPlan.Parse(text, positions);
            }
            catch (FormatException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                continue;
            }
            Assert.Equal(positions, plan.Count);
            Assert.Equal(StepKind.Full, plan[0].Kind);
            Assert.Equal(plan, StepPlan.Parse(plan.ToString(), positions));
            Interlocked.Increment(ref _parsed);
        }
    }
}
