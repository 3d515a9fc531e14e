using Flexiffusion.Diffusion.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Models;

/// <summary>
/// Sinusoidal timestep embedding followed by two dense layers (<c>temb.dense.0/1</c>), as in
/// Ho et al. 2020 (after "Attention is all you need" §3.5).
/// </summary>
public sealed class TimestepEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> dense;
    private readonly int _channels;

    /// <summary>Creates the embedding for <paramref name="channels"/> sinusoid channels.</summary>
    public TimestepEmbedding(int channels, int embeddingChannels) : base("temb")
    {
        _channels = channels;
        dense = nn.ModuleList(nn.Linear(channels, embeddingChannels), nn.Linear(embeddingChannels, embeddingChannels));
        RegisterComponents();
    }

    /// <summary>Embeds timesteps [B] into [B, embeddingChannels].</summary>
    public override Tensor forward(Tensor timesteps)
    {
        using var scope = NewDisposeScope();
        var h = Sinusoidal(timesteps, _channels);
        h = dense[0].call(h);
        h = nn.functional.silu(h);
        return dense[1].call(h).MoveToOuterDisposeScope();
    }

    /// <summary>The sinusoidal embedding [B, dim]: sin then cos of t·10000^(−i/(dim/2−1)).</summary>
    public static Tensor Sinusoidal(Tensor timesteps, int dim)
    {
        using var scope = NewDisposeScope();
        int half = dim / 2;
        double step = Math.Log(10000) / Math.Max(half - 1, 1);
        using var stop = half.ToScalar();
        var freqs = exp(arange(stop, dtype: ScalarType.Float32, device: timesteps.device).Times(-step));
        var args = timesteps.to(ScalarType.Float32).unsqueeze(1) * freqs.unsqueeze(0);
        var emb = cat([sin(args), cos(args)], 1);
        if (dim % 2 == 1)
            emb = nn.functional.pad(emb, [0, 1]);
        return emb.MoveToOuterDisposeScope();
    }
}
