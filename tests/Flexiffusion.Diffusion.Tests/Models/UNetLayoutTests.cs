using Flexiffusion.Diffusion.Models;

namespace Flexiffusion.Diffusion.Tests.Models;

public class UNetLayoutTests
{
    [Fact]
    public void Layout_DdpmCifar10_HasTwelveBranchesInDeepCacheOrder()
    {
        var layout = new UNetLayout(UNetConfigs.DdpmCifar10);

        Assert.Equal(12, layout.BranchCount);
        Assert.Equal([128, 128, 128, 128, 256, 256, 256, 256, 256, 256, 256, 256], layout.SkipChannels);
        Assert.Equal(11, layout.Down.Count);
        Assert.Equal(12, layout.Up.Count);
        Assert.Equal(Enumerable.Range(0, 12).Reverse(), layout.Up.Select(u => u.SkipIndex));
        Assert.Equal(4, layout.MidResolution);
    }

    [Fact]
    public void UpStageOfBranch_ConsumesThatBranchsSkip()
    {
        var layout = new UNetLayout(UNetConfigs.Mnist);

        for (int branch = 0; branch < layout.BranchCount; branch++)
            Assert.Equal(branch, layout.Up[layout.UpStageOfBranch(branch)].SkipIndex);
        Assert.Throws<ArgumentOutOfRangeException>(() => layout.UpStageOfBranch(layout.BranchCount));
        Assert.Throws<ArgumentOutOfRangeException>(() => layout.UpStageOfBranch(-1));
    }

    [Fact]
    public void UpStages_ChannelsChainAndUpsamplesCloseEachLevelButTheLast()
    {
        var layout = new UNetLayout(UNetConfigs.DdpmCifar10);

        for (int j = 1; j < layout.Up.Count; j++)
            Assert.Equal(layout.Up[j - 1].OutChannels, layout.Up[j].InChannels);
        Assert.Equal(3, layout.Up.Count(u => u.UpsampleAfter));
        Assert.False(layout.Up[^1].UpsampleAfter);
        Assert.Equal(layout.MidChannels, layout.Up[0].InChannels);
    }
}
