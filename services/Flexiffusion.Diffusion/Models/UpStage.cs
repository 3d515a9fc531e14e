namespace Flexiffusion.Diffusion.Models;

/// <summary>
/// One residual block of the up path, in execution order: it concatenates the main-branch feature
/// with skip <see cref="SkipIndex"/>, optionally applies attention, and — as the last block of a
/// level other than 0 — is followed by an upsample.
/// </summary>
/// <param name="Level">The resolution level (0 = full resolution).</param>
/// <param name="Index">The block index within the level.</param>
/// <param name="InChannels">Channels of the main-branch feature entering the block (the cached feature).</param>
/// <param name="SkipChannels">Channels of the consumed skip.</param>
/// <param name="OutChannels">Channels out.</param>
/// <param name="Resolution">Spatial size.</param>
/// <param name="Attention">Whether self-attention follows the block.</param>
/// <param name="SkipIndex">The skip activation this block consumes.</param>
/// <param name="UpsampleAfter">Whether the level's upsample runs after this block.</param>
public sealed record UpStage(int Level, int Index, int InChannels, int SkipChannels, int OutChannels,
    int Resolution, bool Attention, int SkipIndex, bool UpsampleAfter);
