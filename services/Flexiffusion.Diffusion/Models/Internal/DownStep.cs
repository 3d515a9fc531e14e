using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Models.Internal;

/// <summary>One skip-producing module of the down path, as executed.</summary>
internal sealed record DownStep(ResnetBlock? Block, AttnBlock? Attention, Downsample? Downsample)
{
    public Tensor Run(Tensor h, Tensor temb)
    {
        if (Downsample is not null)
            return Downsample.call(h);
        using var scope = NewDisposeScope();
        var result = Block!.call(h, temb);
        if (Attention is not null)
            result = Attention.call(result);
        return result.MoveToOuterDisposeScope();
    }
}
