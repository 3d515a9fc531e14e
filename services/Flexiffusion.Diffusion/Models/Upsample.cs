using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Models;

/// <summary>Doubles the resolution with nearest-neighbour interpolation followed by a 3×3 convolution.</summary>
public sealed class Upsample : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;

    /// <summary>Creates the upsample for <paramref name="channels"/> channels.</summary>
    public Upsample(int channels) : base("upsample")
    {
        conv = nn.Conv2d(channels, channels, 3, padding: 1);
        RegisterComponents();
    }

    /// <summary>x [B, C, H, W] → [B, C, 2H, 2W].</summary>
    public override Tensor forward(Tensor x)
    {
        using var up = nn.functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
        return conv.call(up);
    }
}
