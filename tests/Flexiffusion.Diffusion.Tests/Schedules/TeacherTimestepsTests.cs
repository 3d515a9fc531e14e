using Flexiffusion.Diffusion.Schedules;

namespace Flexiffusion.Diffusion.Tests.Schedules;

public class TeacherTimestepsTests
{
    [Fact]
    public void Uniform100_IsDdimsRange()
    {
        var t = TeacherTimesteps.Create(TimestepSpacing.Uniform, 100);

        Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 10).Reverse(), t);
    }

    [Theory]
    [InlineData(TimestepSpacing.Uniform, 7)]
    [InlineData(TimestepSpacing.Quadratic, 10)]
    [InlineData(TimestepSpacing.Quadratic, 100)]
    [InlineData(TimestepSpacing.Quadratic, 500)]
    public void Create_IsStrictlyDecreasingEndsAtZeroAndHasTheRequestedLength(TimestepSpacing spacing, int steps)
    {
        var t = TeacherTimesteps.Create(spacing, steps);

        Assert.Equal(steps, t.Length);
        Assert.Equal(0, t[^1]);
        Assert.True(t.Zip(t.Skip(1)).All(p => p.First > p.Second));
        Assert.InRange(t[0], 0, 999);
    }

    [Fact]
    public void Quadratic10_MatchesDdimsFormula()
    {
        var t = TeacherTimesteps.Create(TimestepSpacing.Quadratic, 10);
        var expected = Enumerable.Range(0, 10).Select(i => (int)Math.Floor(Math.Pow(i * Math.Sqrt(800) / 9, 2))).Reverse();

        Assert.Equal(expected, t);
    }

    [Fact]
    public void Create_TooManySteps_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TeacherTimesteps.Create(TimestepSpacing.Uniform, 1001));
        Assert.Throws<ArgumentOutOfRangeException>(() => TeacherTimesteps.Create(TimestepSpacing.Uniform, 0));
    }
}
