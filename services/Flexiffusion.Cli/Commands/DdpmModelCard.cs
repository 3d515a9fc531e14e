using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Flexiffusion.Diffusion.Data;
using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Training;

namespace Flexiffusion.Cli.Commands;

/// <summary>The DDPM's model card, written beside its weights at the end of training.</summary>
public static class DdpmModelCard
{
    /// <summary>The card for the EMA weights in <paramref name="folder"/>.</summary>
    public static string Render(string folder, UNetConfig config, TrainingState state, MnistSplit split)
    {
        var o = state.Options;
        var macs = MacCounter.Count(config);
        string weights = Path.Combine(folder, "ema.bin");
        string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(weights)));
        double last100 = state.Losses.TakeLast(100).DefaultIfEmpty(double.NaN).Average();
        string command = string.Create(CultureInfo.InvariantCulture,
            $"./flexiffusion train ddpm --config {config.Name} --steps {o.Steps} --batch-size {o.BatchSize} --lr {o.LearningRate} --warmup {o.WarmupSteps} --ema-decay {o.EmaDecay} --checkpoint-every {o.CheckpointEvery} --seed {o.Seed} --split-seed {split.Seed}");
        var text = new StringBuilder();
        void Line(FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Line($"# MNIST DDPM (`{config.Name}`)");
        Line($"");
        Line($"The reference model every Flexiffusion claim on MNIST is measured on: an ε-predicting DDPM/ADM U-Net trained on real digits. Ship file: `ema.bin` (the EMA weights, TorchSharp format); load with `new UNet(UNetConfigs.Mnist, 0).load(\"ema.bin\")`.");
        Line($"");
        Line($"| | |");
        Line($"|---|---|");
        Line($"| Configuration | 1×{config.Resolution}×{config.Resolution}, base {config.BaseChannels} channels, multipliers ({string.Join(",", config.ChannelMultipliers)}), {config.ResBlocks} residual blocks per level, attention at [{string.Join(",", config.AttentionResolutions)}], mid attention {config.MidAttention}, GroupNorm {config.GroupNormGroups} groups, dropout {config.Dropout} (`config.json`) |");
        Line($"| Size | {macs.Parameters:N0} parameters; {macs.Full / 1e6:F1} M MACs per full step, {macs.BranchCount} cache branches |");
        Line($"| Noise schedule | linear β 1e-4 … 0.02, 1000 steps; ε-prediction, MSE |");
        Line($"| Data | npm `{MnistArchive.Package}` (10,000 real digits), seeded shuffle (seed {split.Seed}): {split.Train.Count} train / {split.HeldOut.Count} held out; 28×28 centred in 32×32, scaled to [−1, 1] |");
        Line($"| Training | {state.Step} steps of batch {o.BatchSize}, Adam lr {o.LearningRate} after {o.WarmupSteps} warm-up steps, gradient clip {o.GradientClip}, EMA decay {o.EmaDecay} (min(decay, (1+n)/(10+n))), seed {o.Seed} |");
        Line($"| Command | `{command}` (add `--resume` to continue a stopped run) |");
        Line($"| Wall time | {state.ElapsedSeconds / 60:F1} min of training |");
        Line($"| Machine | {MachineDescription.Summary()} |");
        Line($"| Final loss | {last100:F5} (mean of the last 100 steps); smoothed {state.SmoothedLoss:F5} |");
        Line($"| SHA-256 of ema.bin | `{sha}` |");
        Line($"");
        Line($"Loss curve: `loss.png` (every step in grey, 50-step mean in black, log scale) and `loss.csv`.");
        return text.ToString();
    }
}
