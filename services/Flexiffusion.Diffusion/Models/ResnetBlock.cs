using Flexiffusion.Diffusion.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Models;

/// <summary>
/// Residual block with GroupNorm, SiLU, a timestep projection and dropout; a 1×1
/// <c>nin_shortcut</c> when channels change.
/// </summary>
public sealed class ResnetBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly GroupNorm norm1;
    private readonly Conv2d conv1;
    private readonly Linear temb_proj;
    private readonly GroupNorm norm2;
    private readonly Dropout dropout;
    private readonly Conv2d conv2;
    private readonly Conv2d? nin_shortcut;

    /// <summary>Creates a block from <paramref name="inChannels"/> to <paramref name="outChannels"/>.</summary>
    public ResnetBlock(int inChannels, int outChannels, int tembChannels, double dropoutRate, int groups) : base("block")
    {
        norm1 = Norms.Group(groups, inChannels);
        conv1 = nn.Conv2d(inChannels, outChannels, 3, padding: 1);
        temb_proj = nn.Linear(tembChannels, outChannels);
        norm2 = Norms.Group(groups, outChannels);
        dropout = nn.Dropout(dropoutRate);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1);
        if (inChannels != outChannels)
            nin_shortcut = nn.Conv2d(inChannels, outChannels, 1);
        RegisterComponents();
    }

    /// <summary>x [B, in, H, W], temb [B, tembChannels] → [B, out, H, W].</summary>
    public override Tensor forward(Tensor x, Tensor temb)
    {
        using var scope = NewDisposeScope();
        var h = conv1.call(nn.functional.silu(norm1.call(x)));
        h = h.Plus(temb_proj.call(nn.functional.silu(temb)).unsqueeze(-1).unsqueeze(-1));
        h = conv2.call(dropout.call(nn.functional.silu(norm2.call(h))));
        var shortcut = nin_shortcut is null ? x : nin_shortcut.call(x);
        return shortcut.Plus(h).MoveToOuterDisposeScope();
    }
}
