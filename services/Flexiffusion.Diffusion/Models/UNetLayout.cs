namespace Flexiffusion.Diffusion.Models;

/// <summary>
/// The U-Net's structure derived from a <see cref="UNetConfig"/>: the one description that both
/// the module (<see cref="UNet"/>) and the MAC counter are built from, so they cannot disagree.
/// Branches are numbered over the skip activations from the shallowest (method.md §2).
/// </summary>
public sealed class UNetLayout
{
    /// <summary>Builds the layout of a configuration.</summary>
    public UNetLayout(UNetConfig config)
    {
        Config = config.Validate();
        int ch = config.BaseChannels;
        TimeEmbeddingChannels = 4 * ch;
        var mult = config.ChannelMultipliers;
        var attention = config.AttentionResolutions.ToHashSet();

        var skips = new List<int> { ch };
        var down = new List<DownStage>();
        int res = config.Resolution, blockIn = ch;
        for (int level = 0; level < mult.Count; level++)
        {
            int blockOut = ch * mult[level];
            for (int j = 0; j < config.ResBlocks; j++)
            {
                down.Add(new DownStage(level, j, blockIn, blockOut, res, attention.Contains(res)));
                blockIn = blockOut;
                skips.Add(blockIn);
            }
            if (level != mult.Count - 1)
            {
                down.Add(new DownStage(level, -1, blockIn, blockIn, res, false));
                res /= 2;
                skips.Add(blockIn);
            }
        }
        MidChannels = blockIn;
        MidResolution = res;

        var up = new List<UpStage>();
        int pending = skips.Count - 1;
        for (int level = mult.Count - 1; level >= 0; level--)
        {
            int blockOut = ch * mult[level];
            for (int j = 0; j <= config.ResBlocks; j++)
            {
                bool last = j == config.ResBlocks;
                up.Add(new UpStage(level, j, blockIn, skips[pending], blockOut, res, attention.Contains(res),
                    pending, last && level != 0));
                pending--;
                blockIn = blockOut;
            }
            if (level != 0)
                res *= 2;
        }
        OutputChannels = blockIn;
        SkipChannels = skips;
        Down = down;
        Up = up;
    }

    /// <summary>The configuration.</summary>
    public UNetConfig Config { get; }

    /// <summary>Width of the timestep embedding (4 × base channels).</summary>
    public int TimeEmbeddingChannels { get; }

    /// <summary>Channels of each skip activation, in the order the down path produces them.</summary>
    public IReadOnlyList<int> SkipChannels { get; }

    /// <summary>The down path after <c>conv_in</c>; stage <c>k</c> produces skip <c>k + 1</c>.</summary>
    public IReadOnlyList<DownStage> Down { get; }

    /// <summary>Channels of the middle block.</summary>
    public int MidChannels { get; }

    /// <summary>Spatial size of the middle block.</summary>
    public int MidResolution { get; }

    /// <summary>The up path's residual blocks in execution order.</summary>
    public IReadOnlyList<UpStage> Up { get; }

    /// <summary>Channels entering <c>norm_out</c>.</summary>
    public int OutputChannels { get; }

    /// <summary>Number of cache branches (= number of skip activations).</summary>
    public int BranchCount => SkipChannels.Count;

    /// <summary>Index in <see cref="Up"/> of the block that consumes skip <paramref name="branch"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The branch does not exist.</exception>
    public int UpStageOfBranch(int branch)
    {
        CheckBranch(branch);
        return BranchCount - 1 - branch;
    }

    /// <summary>Throws when <paramref name="branch"/> is not in 0..<see cref="BranchCount"/>−1.</summary>
    public void CheckBranch(int branch)
    {
        if (branch < 0 || branch >= BranchCount)
            throw new ArgumentOutOfRangeException(nameof(branch), branch, $"branch must be in 0..{BranchCount - 1} for '{Config.Name}'");
    }
}
