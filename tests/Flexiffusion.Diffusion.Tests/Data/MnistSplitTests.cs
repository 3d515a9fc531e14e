using Flexiffusion.Diffusion.Data;

namespace Flexiffusion.Diffusion.Tests.Data;

public class MnistSplitTests
{
    [Fact]
    public void Create_ShippedSplit_Is9000And1000DisjointAndComplete()
    {
        var split = MnistSplit.Create(10_000);

        Assert.Equal(9000, split.Train.Count);
        Assert.Equal(1000, split.HeldOut.Count);
        Assert.Equal(Enumerable.Range(0, 10_000), split.Train.Concat(split.HeldOut).Order());
    }

    [Fact]
    public void Create_SameSeed_SameSplit_OtherSeed_Other()
    {
        Assert.Equal(MnistSplit.Create(10_000, 5).HeldOut, MnistSplit.Create(10_000, 5).HeldOut);
        Assert.NotEqual(MnistSplit.Create(10_000, 5).HeldOut, MnistSplit.Create(10_000, 6).HeldOut);
    }

    [Fact]
    public void Create_GoldenFirstIndices_GuardCrossMachineDeterminism()
    {
        // Computed independently (a Python port of SplitMix64 and the Fisher–Yates loop).
        var split = MnistSplit.Create(10_000);

        Assert.Equal([3072, 9231, 8143, 978, 7916], split.Train.Take(5));
        Assert.Equal([3894, 8316, 4253], split.HeldOut.Take(3));
    }

    [Fact]
    public void Create_SortedInput_IsWellMixed()
    {
        // The npm files are grouped by digit: index ranges stand for digits, so a shuffled held-out set
        // must draw from every tenth of the index range.
        var split = MnistSplit.Create(10_000);

        for (int decile = 0; decile < 10; decile++)
            Assert.InRange(split.HeldOut.Count(i => i / 1000 == decile), 70, 130);
    }
}
