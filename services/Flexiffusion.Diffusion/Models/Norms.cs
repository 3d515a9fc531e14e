using TorchSharp;
using TorchSharp.Modules;

namespace Flexiffusion.Diffusion.Models;

/// <summary>GroupNorm as the reference model builds it, with the initialisation TorchSharp omits.</summary>
public static class Norms
{
    /// <summary>The reference model's epsilon.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>
    /// A GroupNorm with weight 1 and bias 0. TorchSharp 0.107.0 creates GroupNorm's affine
    /// parameters with <c>torch.empty</c> and never initialises them (NaN or 1e14 were seen),
    /// which poisons the whole U-Net; PyTorch initialises them to 1 and 0.
    /// </summary>
    public static GroupNorm Group(int groups, int channels)
    {
        var norm = torch.nn.GroupNorm(groups, channels, Epsilon);
        Initialize(norm);
        return norm;
    }

    /// <summary>Sets a GroupNorm's weight to 1 and bias to 0.</summary>
    public static void Initialize(GroupNorm norm)
    {
        ArgumentNullException.ThrowIfNull(norm);
        using var noGrad = torch.no_grad();
        norm.weight?.fill_(1f);
        norm.bias?.zero_();
    }
}
