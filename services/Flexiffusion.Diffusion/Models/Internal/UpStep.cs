using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Models.Internal;

/// <summary>One skip-consuming block of the up path, as executed: concat, block, attention, upsample.</summary>
internal sealed record UpStep(UpStage Stage, ResnetBlock Block, AttnBlock? Attention, Upsample? Upsample)
{
    public Tensor Run(Tensor h, Tensor skip, Tensor temb)
    {
        using var scope = NewDisposeScope();
        var result = Block.call(cat([h, skip], 1), temb);
        if (Attention is not null)
            result = Attention.call(result);
        if (Upsample is not null)
            result = Upsample.call(result);
        return result.MoveToOuterDisposeScope();
    }
}
