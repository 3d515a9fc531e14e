using Flexiffusion.Diffusion.Models.Internal;
using Flexiffusion.Plans;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Models;

/// <summary>
/// The DDPM/ADM-style U-Net with cache-aware execution (method.md §1–2, DeepCache): a full step
/// runs everything and caches the feature entering the up block of each requested branch; a
/// partial step at branch <c>s</c> runs <c>conv_in</c>, the down path up to skip <c>s</c>, then the up
/// path from the cached feature. Submodules carry the reference state-dict names.
/// </summary>
public sealed class UNet : nn.Module<Tensor, Tensor, Tensor>, INoisePredictor
{
    private readonly TimestepEmbedding temb;
    private readonly Conv2d conv_in;
    private readonly ModuleList<DownLevel> down;
    private readonly MidBlock mid;
    private readonly ModuleList<UpLevel> up;
    private readonly GroupNorm norm_out;
    private readonly Conv2d conv_out;
    private readonly DownStep[] _downSteps;
    private readonly UpStep[] _upSteps;

    /// <summary>
    /// Builds a U-Net for <paramref name="config"/> with weights drawn from <paramref name="initSeed"/>
    /// (<see cref="ParameterInit"/>): the same seed gives the same weights whatever else the process does.
    /// </summary>
    public UNet(UNetConfig config, long initSeed) : base("unet")
    {
        Layout = new UNetLayout(config);
        var c = Layout.Config;
        int tembCh = Layout.TimeEmbeddingChannels, groups = c.GroupNormGroups;
        temb = new TimestepEmbedding(c.BaseChannels, tembCh);
        conv_in = nn.Conv2d(c.InChannels, c.BaseChannels, 3, padding: 1);

        var downSteps = new List<DownStep>();
        var downLevels = new List<DownLevel>();
        for (int level = 0; level < c.ChannelMultipliers.Count; level++)
        {
            var blocks = new List<ResnetBlock>();
            var attentions = new List<AttnBlock>();
            Downsample? downsample = null;
            foreach (var stage in Layout.Down.Where(s => s.Level == level))
            {
                if (stage.IsDownsample)
                {
                    downsample = new Downsample(stage.InChannels);
                    downSteps.Add(new DownStep(null, null, downsample));
                    continue;
                }
                var block = new ResnetBlock(stage.InChannels, stage.OutChannels, tembCh, c.Dropout, groups);
                var attention = stage.Attention ? new AttnBlock(stage.OutChannels, groups) : null;
                blocks.Add(block);
                if (attention is not null)
                    attentions.Add(attention);
                downSteps.Add(new DownStep(block, attention, null));
            }
            downLevels.Add(new DownLevel(blocks, attentions, downsample));
        }
        down = nn.ModuleList(downLevels.ToArray());
        mid = new MidBlock(Layout.MidChannels, tembCh, c.Dropout, groups, c.MidAttention);

        var upSteps = new List<UpStep>();
        var upLevels = new UpLevel[c.ChannelMultipliers.Count];
        foreach (var levelStages in Layout.Up.GroupBy(s => s.Level))
        {
            var blocks = new List<ResnetBlock>();
            var attentions = new List<AttnBlock>();
            Upsample? upsample = null;
            foreach (var stage in levelStages)
            {
                var block = new ResnetBlock(stage.InChannels + stage.SkipChannels, stage.OutChannels, tembCh, c.Dropout, groups);
                var attention = stage.Attention ? new AttnBlock(stage.OutChannels, groups) : null;
                if (stage.UpsampleAfter)
                    upsample = new Upsample(stage.OutChannels);
                blocks.Add(block);
                if (attention is not null)
                    attentions.Add(attention);
                upSteps.Add(new UpStep(stage, block, attention, stage.UpsampleAfter ? upsample : null));
            }
            upLevels[levelStages.Key] = new UpLevel(blocks, attentions, upsample);
        }
        up = nn.ModuleList(upLevels);
        norm_out = Norms.Group(groups, Layout.OutputChannels);
        conv_out = nn.Conv2d(Layout.OutputChannels, c.EffectiveOutChannels, 3, padding: 1);
        _downSteps = [.. downSteps];
        _upSteps = [.. upSteps];
        RegisterComponents();
        ParameterInit.Reset(this, initSeed);
    }

    /// <summary>The architecture this network was built from.</summary>
    public UNetLayout Layout { get; }

    /// <summary>Number of cache branches.</summary>
    public int BranchCount => Layout.BranchCount;

    /// <summary>A plain full step without caching: x [B, C, H, W], t [B] → ε̂ [B, C, H, W].</summary>
    public override Tensor forward(Tensor x, Tensor t) => RunFull(x, t, null, []);

    /// <summary>One step of a plan for sampling: in evaluation mode, without gradients (<see cref="RunStep"/>).</summary>
    public Tensor Predict(Tensor sample, Tensor timesteps, PlanStep step, FeatureCache cache, IReadOnlyList<int> fillBranches)
    {
        if (training)
            eval();
        using var noGrad = no_grad();
        return RunStep(sample, timesteps, step, cache, fillBranches);
    }

    /// <summary>
    /// Runs one step of a plan. A full step clears <paramref name="cache"/> and refills it for
    /// <paramref name="fillBranches"/>; a partial step reads the branch's cached feature.
    /// </summary>
    /// <exception cref="ArgumentException">The step is null, or a branch is out of range.</exception>
    /// <exception cref="InvalidOperationException">A partial step's branch is not cached.</exception>
    public Tensor RunStep(Tensor x, Tensor t, PlanStep step, FeatureCache cache, IReadOnlyList<int>? fillBranches = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        switch (step.Kind)
        {
            case StepKind.Full:
                var fill = fillBranches ?? [];
                foreach (int branch in fill)
                    Layout.CheckBranch(branch);
                cache.Clear();
                return RunFull(x, t, cache, fill);
            case StepKind.Partial:
                Layout.CheckBranch(step.Branch);
                return RunPartial(x, t, step.Branch, cache);
            default:
                throw new ArgumentException("a null step runs no network", nameof(step));
        }
    }

    private Tensor RunFull(Tensor x, Tensor t, FeatureCache? cache, IReadOnlyList<int> fillBranches)
    {
        using var scope = NewDisposeScope();
        var emb = temb.call(t);
        var hs = new List<Tensor>(BranchCount) { conv_in.call(x) };
        foreach (var step in _downSteps)
            hs.Add(step.Run(hs[^1], emb));
        var h = mid.call(hs[^1], emb);
        for (int j = 0; j < _upSteps.Length; j++)
        {
            int skip = _upSteps[j].Stage.SkipIndex;
            if (cache is not null && fillBranches.Contains(skip))
                cache.Store(skip, h);
            h = _upSteps[j].Run(h, hs[skip], emb);
        }
        return Head(h).MoveToOuterDisposeScope();
    }

    private Tensor RunPartial(Tensor x, Tensor t, int branch, FeatureCache cache)
    {
        using var scope = NewDisposeScope();
        var h = cache.Get(branch);
        var emb = temb.call(t);
        var hs = new List<Tensor>(branch + 1) { conv_in.call(x) };
        for (int k = 0; k < branch; k++)
            hs.Add(_downSteps[k].Run(hs[^1], emb));
        for (int j = Layout.UpStageOfBranch(branch); j < _upSteps.Length; j++)
            h = _upSteps[j].Run(h, hs[_upSteps[j].Stage.SkipIndex], emb);
        return Head(h).MoveToOuterDisposeScope();
    }

    private Tensor Head(Tensor h) => conv_out.call(nn.functional.silu(norm_out.call(h)));
}
