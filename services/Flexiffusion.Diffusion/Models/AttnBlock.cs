using Flexiffusion.Diffusion.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Models;

/// <summary>Single-head spatial self-attention with 1×1 q/k/v/proj_out convolutions and a residual.</summary>
public sealed class AttnBlock : nn.Module<Tensor, Tensor>
{
    private readonly GroupNorm norm;
    private readonly Conv2d q;
    private readonly Conv2d k;
    private readonly Conv2d v;
    private readonly Conv2d proj_out;

    /// <summary>Creates attention over <paramref name="channels"/> channels.</summary>
    public AttnBlock(int channels, int groups) : base("attn")
    {
        norm = Norms.Group(groups, channels);
        q = nn.Conv2d(channels, channels, 1);
        k = nn.Conv2d(channels, channels, 1);
        v = nn.Conv2d(channels, channels, 1);
        proj_out = nn.Conv2d(channels, channels, 1);
        RegisterComponents();
    }

    /// <summary>x [B, C, H, W] → [B, C, H, W].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        var hn = norm.call(x);
        var query = q.call(hn).reshape(b, c, h * w).permute(0, 2, 1);
        var key = k.call(hn).reshape(b, c, h * w);
        var weights = nn.functional.softmax(bmm(query, key).Times(Math.Pow(c, -0.5)), 2);
        var value = v.call(hn).reshape(b, c, h * w);
        var attended = bmm(value, weights.permute(0, 2, 1)).reshape(b, c, h, w);
        return x.Plus(proj_out.call(attended)).MoveToOuterDisposeScope();
    }
}
