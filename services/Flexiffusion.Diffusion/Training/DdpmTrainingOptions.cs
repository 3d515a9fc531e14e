namespace Flexiffusion.Diffusion.Training;

/// <summary>Hyper-parameters of DDPM training (ε-prediction, MSE, Adam, EMA of the weights).</summary>
public sealed record DdpmTrainingOptions
{
    /// <summary>Optimizer steps in total (a resumed run continues to this count).</summary>
    public int Steps { get; init; } = 4000;

    /// <summary>Images per step.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam learning rate after warm-up.</summary>
    public double LearningRate { get; init; } = 5e-4;

    /// <summary>Steps of linear learning-rate warm-up.</summary>
    public int WarmupSteps { get; init; } = 200;

    /// <summary>EMA decay; the effective decay is min(decay, (1 + step)/(10 + step)) early on.</summary>
    public double EmaDecay { get; init; } = 0.999;

    /// <summary>Global gradient-norm clip.</summary>
    public double GradientClip { get; init; } = 1.0;

    /// <summary>Steps between checkpoints.</summary>
    public int CheckpointEvery { get; init; } = 250;

    /// <summary>Seed of batch order, timesteps and noise (each step's randomness derives from it).</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Checks every field; the message names the bad one.</summary>
    public DdpmTrainingOptions Validate()
    {
        static void Require(bool ok, string field, string why)
        {
            if (!ok)
                throw new ArgumentException($"{field}: {why}", field);
        }

        Require(Steps >= 1, "steps", "must be ≥ 1");
        Require(BatchSize >= 1, "batchSize", "must be ≥ 1");
        Require(LearningRate is > 0 and < 1, "learningRate", "must be in (0, 1)");
        Require(WarmupSteps >= 0, "warmupSteps", "must be ≥ 0");
        Require(EmaDecay is >= 0 and < 1, "emaDecay", "must be in [0, 1)");
        Require(GradientClip > 0, "gradientClip", "must be > 0");
        Require(CheckpointEvery >= 1, "checkpointEvery", "must be ≥ 1");
        return this;
    }

    /// <summary>The learning rate at <paramref name="step"/> (0-based), with linear warm-up.</summary>
    public double LearningRateAt(int step) => WarmupSteps == 0 ? LearningRate : LearningRate * Math.Min(1.0, (step + 1.0) / WarmupSteps);

    /// <summary>The EMA decay used after <paramref name="step"/> (0-based).</summary>
    public double EmaDecayAt(int step) => Math.Min(EmaDecay, (1.0 + step) / (10.0 + step));
}
