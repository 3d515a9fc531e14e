using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Models;

/// <summary>Halves the resolution with a 3×3 stride-2 convolution after asymmetric (0,1,0,1) padding.</summary>
public sealed class Downsample : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;

    /// <summary>Creates the downsample for <paramref name="channels"/> channels.</summary>
    public Downsample(int channels) : base("downsample")
    {
        conv = nn.Conv2d(channels, channels, 3, stride: 2);
        RegisterComponents();
    }

    /// <summary>x [B, C, H, W] → [B, C, H/2, W/2].</summary>
    public override Tensor forward(Tensor x)
    {
        using var padded = nn.functional.pad(x, [0, 1, 0, 1]);
        return conv.call(padded);
    }
}
