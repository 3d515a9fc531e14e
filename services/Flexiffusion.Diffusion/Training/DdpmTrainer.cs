using System.Diagnostics;
using Flexiffusion.Diffusion.Data;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Pipeline.Internal;
using Flexiffusion.Diffusion.Runtime;
using Flexiffusion.Diffusion.Schedules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Training;

/// <summary>
/// Trains a U-Net to predict ε (Ho et al. 2020, Algorithm 1): x_t = √ᾱ_t·x_0 + √(1 − ᾱ_t)·ε with
/// t uniform, MSE on ε, Adam with warm-up and gradient clipping, and an EMA copy of the weights.
/// Each step's batch, timesteps and noise derive from (seed, step) alone, so a resumed run draws
/// exactly what an uninterrupted one would.
/// </summary>
public sealed class DdpmTrainer : IDisposable
{
    private readonly Tensor _images;
    private readonly Tensor _alphaBars;
    private readonly DdpmTrainingOptions _options;
    private readonly Device _device;
    private readonly Adam _optimizer;
    private readonly List<double> _losses = [];
    private readonly Dictionary<int, int[]> _epochOrders = [];
    private double _smoothed = double.NaN;
    private double _elapsedBefore;

    /// <summary>Creates a trainer over <paramref name="images"/> [N, C, H, W] in [−1, 1].</summary>
    public DdpmTrainer(UNetConfig config, NoiseSchedule schedule, Tensor images, DdpmTrainingOptions options, Device? device = null)
    {
        _options = options.Validate();
        _device = device ?? CPU;
        Model = new UNet(config, options.Seed).to(_device);
        Ema = new UNet(config, options.Seed).to(_device);
        CopyWeights(Model, Ema);
        Ema.eval();
        _optimizer = optim.Adam(Model.parameters(), options.LearningRate);
        _images = images.to(_device).DetachFromDisposeScope();
        _alphaBars = tensor(schedule.AlphaBars.ToArray(), ScalarType.Float32, _device).DetachFromDisposeScope();
        Config = config;
    }

    /// <summary>The configuration being trained.</summary>
    public UNetConfig Config { get; }

    /// <summary>The network being optimised.</summary>
    public UNet Model { get; }

    /// <summary>The exponential moving average of <see cref="Model"/>'s weights (what is shipped).</summary>
    public UNet Ema { get; }

    /// <summary>Steps done.</summary>
    public int Step => _losses.Count;

    /// <summary>The loss of every step so far.</summary>
    public IReadOnlyList<double> Losses => _losses;

    /// <summary>Restores a checkpoint written by <see cref="Run"/>.</summary>
    public void Resume(string checkpoint)
    {
        var state = TrainingCheckpoint.Load(checkpoint, Model, Ema, _optimizer);
        _losses.Clear();
        _losses.AddRange(state.Losses);
        _smoothed = state.SmoothedLoss;
        _elapsedBefore = state.ElapsedSeconds;
    }

    /// <summary>The state a checkpoint would record now.</summary>
    public TrainingState State(TimeSpan sessionTime) => new()
    {
        Step = Step,
        ElapsedSeconds = _elapsedBefore + sessionTime.TotalSeconds,
        SmoothedLoss = _smoothed,
        Losses = [.. _losses],
        Options = _options,
        ConfigJson = Config.ToJson(),
    };

    /// <summary>
    /// Trains until <see cref="DdpmTrainingOptions.Steps"/>, checkpointing into
    /// <paramref name="runDirectory"/> every <see cref="DdpmTrainingOptions.CheckpointEvery"/> steps, at the
    /// end, and when cancelled (then it rethrows). Returns the final state.
    /// </summary>
    public TrainingState Run(string runDirectory, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            while (Step < _options.Steps)
            {
                cancellationToken.ThrowIfCancellationRequested();
                double lr = _options.LearningRateAt(Step);
                double loss = TrainStep();
                progress?.Report(new TrainingProgress(Step, _options.Steps, loss, _smoothed, lr,
                    TimeSpan.FromSeconds(_elapsedBefore) + clock.Elapsed));
                if (Step % _options.CheckpointEvery == 0 && Step < _options.Steps)
                    TrainingCheckpoint.Save(runDirectory, Model, Ema, _optimizer, State(clock.Elapsed));
            }
        }
        finally
        {
            if (Step > 0)
                TrainingCheckpoint.Save(runDirectory, Model, Ema, _optimizer, State(clock.Elapsed));
        }
        return State(clock.Elapsed);
    }

    /// <summary>One optimizer step (and EMA update); returns the batch loss.</summary>
    public double TrainStep()
    {
        int step = Step;
        Model.train();
        using var scope = NewDisposeScope();
        foreach (var group in _optimizer.ParamGroups)
            group.LearningRate = _options.LearningRateAt(step);
        using var generator = new Generator((ulong)SplitMix64.Key(_options.Seed, 0x7EA1, step));
        var x0 = _images.index_select(0, tensor(BatchIndices(step), ScalarType.Int64, _device));
        var t = randint(0, _alphaBars.shape[0], [_options.BatchSize], ScalarType.Int64, generator: generator).to(_device);
        var noise = randn(x0.shape, generator: generator).to(_device);
        var a = _alphaBars.index_select(0, t).view(-1, 1, 1, 1);
        var xt = x0 * a.sqrt() + noise * a.From(1).sqrt();
        // TorchSharp's dropout takes no generator: seeding the process-wide one per step makes a resumed
        // run draw the masks an uninterrupted one would (not safe beside other threads drawing from it).
        if (Config.Dropout > 0)
            manual_seed(unchecked((long)SplitMix64.Key(_options.Seed, 0xD809, step)));
        var loss = nn.functional.mse_loss(Model.forward(xt, t), noise);
        _optimizer.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(Model.parameters(), _options.GradientClip);
        _optimizer.step();
        UpdateEma(_options.EmaDecayAt(step));
        double value = loss.item<float>();
        _losses.Add(value);
        _smoothed = double.IsNaN(_smoothed) ? value : 0.99 * _smoothed + 0.01 * value;
        return value;
    }

    private long[] BatchIndices(int step)
    {
        int n = (int)_images.shape[0];
        var indices = new long[_options.BatchSize];
        for (int k = 0; k < indices.Length; k++)
        {
            long position = (long)step * _options.BatchSize + k;
            int epoch = (int)(position / n);
            if (!_epochOrders.TryGetValue(epoch, out var order))
            {
                if (_epochOrders.Count > 2)
                    _epochOrders.Remove(_epochOrders.Keys.Min());
                order = MnistSplit.Shuffle(n, _options.Seed * 1_000_003 + epoch);
                _epochOrders[epoch] = order;
            }
            indices[k] = order[position % n];
        }
        return indices;
    }

    private void UpdateEma(double decay)
    {
        using var noGrad = no_grad();
        using var decayScalar = decay.ToScalar();
        using var oneMinusDecay = (1 - decay).ToScalar();
        foreach (var (target, source) in Ema.parameters().Zip(Model.parameters()))
            target.mul_(decayScalar).add_(source, alpha: oneMinusDecay);
    }

    private static void CopyWeights(UNet from, UNet to)
    {
        using var noGrad = no_grad();
        foreach (var (target, source) in to.parameters().Zip(from.parameters()))
            target.copy_(source);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Model.Dispose();
        Ema.Dispose();
        _optimizer.Dispose();
        _images.Dispose();
        _alphaBars.Dispose();
    }
}
