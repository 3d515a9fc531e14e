using Flexiffusion.Diffusion.Models;

namespace Flexiffusion.Diffusion.Macs;

/// <summary>
/// Counts MACs and parameters analytically from a <see cref="UNetLayout"/> — the same description the
/// <see cref="UNet"/> is built from. Normalisations, activations, additions and the sinusoidal
/// embedding are not counted; biases add parameters but no MACs.
/// </summary>
public static class MacCounter
{
    /// <summary>Counts full and per-branch partial steps for a configuration.</summary>
    public static MacReport Count(UNetConfig config) => Count(new UNetLayout(config));

    /// <summary>Counts full and per-branch partial steps for a layout.</summary>
    public static MacReport Count(UNetLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var c = layout.Config;
        var tally = new Tally(layout.TimeEmbeddingChannels);

        var stem = tally.Measure(t =>
        {
            t.Linear(c.BaseChannels, layout.TimeEmbeddingChannels);
            t.Linear(layout.TimeEmbeddingChannels, layout.TimeEmbeddingChannels);
            t.Conv(c.InChannels, c.BaseChannels, 3, c.Resolution);
        });
        var down = layout.Down.Select(s => tally.Measure(t =>
        {
            if (s.IsDownsample)
            {
                t.Conv(s.InChannels, s.OutChannels, 3, s.OutResolution);
                return;
            }
            t.ResBlock(s.InChannels, s.OutChannels, s.Resolution);
            if (s.Attention)
                t.Attention(s.OutChannels, s.Resolution);
        })).ToArray();
        var mid = tally.Measure(t =>
        {
            t.ResBlock(layout.MidChannels, layout.MidChannels, layout.MidResolution);
            if (c.MidAttention)
                t.Attention(layout.MidChannels, layout.MidResolution);
            t.ResBlock(layout.MidChannels, layout.MidChannels, layout.MidResolution);
        });
        var up = layout.Up.Select(s => tally.Measure(t =>
        {
            t.ResBlock(s.InChannels + s.SkipChannels, s.OutChannels, s.Resolution);
            if (s.Attention)
                t.Attention(s.OutChannels, s.Resolution);
            if (s.UpsampleAfter)
                t.Conv(s.OutChannels, s.OutChannels, 3, 2 * s.Resolution);
        })).ToArray();
        var head = tally.Measure(t =>
        {
            t.GroupNorm(layout.OutputChannels);
            t.Conv(layout.OutputChannels, c.EffectiveOutChannels, 3, c.Resolution);
        });

        var full = stem + down.Aggregate(Cost.Zero, (a, b) => a + b) + mid + up.Aggregate(Cost.Zero, (a, b) => a + b) + head;
        var partial = new Cost[layout.BranchCount];
        for (int branch = 0; branch < layout.BranchCount; branch++)
        {
            var cost = stem + head;
            for (int k = 0; k < branch; k++)
                cost += down[k];
            for (int j = layout.UpStageOfBranch(branch); j < up.Length; j++)
                cost += up[j];
            partial[branch] = cost;
        }
        return new MacReport(c.Name, full.Parameters, full.Macs, full.AttentionMatmul,
            partial.Select(p => p.Macs).ToArray(), partial.Select(p => p.AttentionMatmul).ToArray());
    }

    private readonly record struct Cost(long Macs, long AttentionMatmul, long Parameters)
    {
        public static Cost Zero => default;

        public static Cost operator +(Cost a, Cost b) =>
            new(a.Macs + b.Macs, a.AttentionMatmul + b.AttentionMatmul, a.Parameters + b.Parameters);
    }

    private sealed class Tally(int tembChannels)
    {
        private Cost _cost;

        public Cost Measure(Action<Tally> build)
        {
            _cost = Cost.Zero;
            build(this);
            return _cost;
        }

        public void Conv(long inChannels, long outChannels, long kernel, long outResolution) =>
            _cost += new Cost(outResolution * outResolution * outChannels * inChannels * kernel * kernel, 0,
                outChannels * inChannels * kernel * kernel + outChannels);

        public void Linear(long inFeatures, long outFeatures) =>
            _cost += new Cost(inFeatures * outFeatures, 0, inFeatures * outFeatures + outFeatures);

        public void GroupNorm(long channels) => _cost += new Cost(0, 0, 2 * channels);

        public void ResBlock(long inChannels, long outChannels, long resolution)
        {
            GroupNorm(inChannels);
            Conv(inChannels, outChannels, 3, resolution);
            Linear(tembChannels, outChannels);
            GroupNorm(outChannels);
            Conv(outChannels, outChannels, 3, resolution);
            if (inChannels != outChannels)
                Conv(inChannels, outChannels, 1, resolution);
        }

        public void Attention(long channels, long resolution)
        {
            GroupNorm(channels);
            for (int i = 0; i < 4; i++)
                Conv(channels, channels, 1, resolution);
            long tokens = resolution * resolution;
            _cost += new Cost(0, 2 * tokens * tokens * channels, 0);
        }
    }
}
