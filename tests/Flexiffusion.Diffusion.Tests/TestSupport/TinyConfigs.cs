using Flexiffusion.Diffusion.Models;

namespace Flexiffusion.Diffusion.Tests.TestSupport;

/// <summary>Small U-Net configurations that run in milliseconds on a CPU.</summary>
internal static class TinyConfigs
{
    /// <summary>16×16, three levels, attention at 8×8 and in the middle: 9 branches.</summary>
    public static UNetConfig WithAttention => new()
    {
        Name = "tiny-attn",
        InChannels = 1,
        Resolution = 16,
        BaseChannels = 8,
        ChannelMultipliers = [1, 2, 2],
        ResBlocks = 2,
        AttentionResolutions = [8],
        MidAttention = true,
        Dropout = 0.1,
        GroupNormGroups = 4,
    };

    /// <summary>8×8, two levels, one block per level, RGB, no attention: 4 branches.</summary>
    public static UNetConfig Minimal => new()
    {
        Name = "tiny",
        InChannels = 3,
        Resolution = 8,
        BaseChannels = 8,
        ChannelMultipliers = [1, 2],
        ResBlocks = 1,
        AttentionResolutions = [],
        MidAttention = false,
        Dropout = 0,
        GroupNormGroups = 4,
    };
}
