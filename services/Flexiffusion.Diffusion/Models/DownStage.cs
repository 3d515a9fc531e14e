namespace Flexiffusion.Diffusion.Models;

/// <summary>
/// One module of the down path that produces a skip activation: a residual block (with optional
/// attention after it) or a downsample. Down stage <c>k</c> produces skip <c>k + 1</c>; skip 0 is
/// <c>conv_in</c>'s output.
/// </summary>
/// <param name="Level">The resolution level (0 = full resolution).</param>
/// <param name="Index">The block index within the level; -1 for the downsample.</param>
/// <param name="InChannels">Channels in.</param>
/// <param name="OutChannels">Channels out (the skip's channels).</param>
/// <param name="Resolution">Spatial size of the input.</param>
/// <param name="Attention">Whether self-attention follows the block.</param>
public sealed record DownStage(int Level, int Index, int InChannels, int OutChannels, int Resolution, bool Attention)
{
    /// <summary>Whether this stage is the level's downsample rather than a residual block.</summary>
    public bool IsDownsample => Index < 0;

    /// <summary>Spatial size of the output.</summary>
    public int OutResolution => IsDownsample ? Resolution / 2 : Resolution;
}
