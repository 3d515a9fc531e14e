using TorchSharp;
using TorchSharp.Modules;

namespace Flexiffusion.Diffusion.Models;

/// <summary>The modules of one up level (<c>up.{i}</c>): residual blocks, their attention, an upsample.</summary>
public sealed class UpLevel : torch.nn.Module
{
    private readonly ModuleList<ResnetBlock> block;
    private readonly ModuleList<AttnBlock> attn;
    private readonly Upsample? upsample;

    /// <summary>Groups the level's modules under their reference names.</summary>
    public UpLevel(IEnumerable<ResnetBlock> blocks, IEnumerable<AttnBlock> attentions, Upsample? up) : base("up")
    {
        block = torch.nn.ModuleList(blocks.ToArray());
        attn = torch.nn.ModuleList(attentions.ToArray());
        upsample = up;
        RegisterComponents();
    }
}
