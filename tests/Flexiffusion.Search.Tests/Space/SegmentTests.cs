using CsCheck;
using Flexiffusion.Plans;

namespace Flexiffusion.Search.Tests.Space;

public sealed class SegmentTests
{
    [Theory]
    [InlineData(5, 3)]
    [InlineData(5, 0)]
    [InlineData(1, 7)]
    [InlineData(4, -1)]
    [InlineData(4, -9)]
    public void Constructor_IntervalOne_NormalisesBranchToMinusOne(int length, int branch)
    {
        var segment = new Segment(length, branch, 1);

        Assert.Equal(-1, segment.Branch);
        Assert.Equal(1, segment.Interval);
        Assert.Equal(length, segment.Length);
    }

    [Fact]
    public void Constructor_IntervalOne_SegmentsDifferingOnlyInBranchAreEqual()
    {
        var a = new Segment(6, 2, 1);
        var b = new Segment(6, 5, 1);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Constructor_IntervalAboveOne_KeepsBranch()
    {
        var segment = new Segment(10, 2, 5);

        Assert.Equal(2, segment.Branch);
        Assert.Equal(5, segment.Interval);
        Assert.Equal(10, segment.Length);
        Assert.NotEqual(new Segment(10, 3, 5), segment);
        Assert.NotEqual(new Segment(10, 2, 4), segment);
        Assert.NotEqual(new Segment(11, 2, 5), segment);
    }

    [Theory]
    [InlineData(0, 0, 1, "length")]
    [InlineData(-3, 0, 1, "length")]
    [InlineData(5, 0, 0, "interval")]
    [InlineData(5, 0, -1, "interval")]
    [InlineData(5, 0, 6, "interval")]
    [InlineData(1, 0, 2, "interval")]
    [InlineData(5, -1, 2, "branch")]
    [InlineData(5, -4, 5, "branch")]
    public void Constructor_ValueOutOfRange_ThrowsNamingTheParameter(int length, int branch, int interval, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Segment(length, branch, interval));

        Assert.Equal(parameter, error.ParamName);
    }

    [Theory]
    [InlineData(10, 2, 5, 4, 5)]
    [InlineData(5, 0, 1, 0, 4)]
    [InlineData(1, 0, 1, 0, 0)]
    [InlineData(7, 3, 7, 6, 0)]
    public void Counts_GivenSegment_SplitPositionsIntoFullPartialAndNull(int length, int branch, int interval, int partial, int nulls)
    {
        var segment = new Segment(length, branch, interval);

        Assert.Equal(partial, segment.PartialCount);
        Assert.Equal(nulls, segment.NullCount);
    }

    [Fact]
    public void Counts_RandomSegments_AddUpToTheLength()
    {
        Check.Sample(CandidateGen.AnySegment, segment =>
        {
            Assert.Equal(segment.Length, 1 + segment.PartialCount + segment.NullCount);
            Assert.Equal(segment.Interval - 1, segment.PartialCount);
            Assert.InRange(segment.NullCount, 0, segment.Length - 1);
        }, iter: 200);
    }

    [Theory]
    [InlineData(10, 2, 5, "2:5", "2:5/10")]
    [InlineData(5, 0, 2, "0:2", "0:2/5")]
    [InlineData(7, 4, 1, "F", "F/7")]
    [InlineData(1, 0, 1, "F", "F/1")]
    [InlineData(120, 11, 100, "11:100", "11:100/120")]
    public void GeneAndToString_GivenSegment_UseTheTextForm(int length, int branch, int interval, string gene, string text)
    {
        var segment = new Segment(length, branch, interval);

        Assert.Equal(gene, segment.Gene);
        Assert.Equal(text, segment.ToString());
    }
}
