using TorchSharp;
using TorchSharp.Modules;

namespace Flexiffusion.Diffusion.Models;

/// <summary>The modules of one down level (<c>down.{i}</c>): residual blocks, their attention, a downsample.</summary>
public sealed class DownLevel : torch.nn.Module
{
    private readonly ModuleList<ResnetBlock> block;
    private readonly ModuleList<AttnBlock> attn;
    private readonly Downsample? downsample;

    /// <summary>Groups the level's modules under their reference names.</summary>
    public DownLevel(IEnumerable<ResnetBlock> blocks, IEnumerable<AttnBlock> attentions, Downsample? down) : base("down")
    {
        block = torch.nn.ModuleList(blocks.ToArray());
        attn = torch.nn.ModuleList(attentions.ToArray());
        downsample = down;
        RegisterComponents();
    }
}
