using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Models;

/// <summary>The middle of the U-Net (<c>mid.block_1</c>, <c>mid.attn_1</c>, <c>mid.block_2</c>).</summary>
public sealed class MidBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ResnetBlock block_1;
    private readonly AttnBlock? attn_1;
    private readonly ResnetBlock block_2;

    /// <summary>Creates the middle block over <paramref name="channels"/> channels.</summary>
    public MidBlock(int channels, int tembChannels, double dropout, int groups, bool attention) : base("mid")
    {
        block_1 = new ResnetBlock(channels, channels, tembChannels, dropout, groups);
        if (attention)
            attn_1 = new AttnBlock(channels, groups);
        block_2 = new ResnetBlock(channels, channels, tembChannels, dropout, groups);
        RegisterComponents();
    }

    /// <summary>h [B, C, H, W], temb [B, E] → [B, C, H, W].</summary>
    public override Tensor forward(Tensor h, Tensor temb)
    {
        using var scope = NewDisposeScope();
        h = block_1.call(h, temb);
        if (attn_1 is not null)
            h = attn_1.call(h);
        return block_2.call(h, temb).MoveToOuterDisposeScope();
    }
}
