namespace Flexiffusion.Metrics.Features;

/// <summary>Hyper-parameters of <see cref="ClassifierTrainer"/> (cross-entropy, Adam, cosine decay, random shifts).</summary>
public sealed record ClassifierTrainingOptions
{
    /// <summary>Passes over the training images.</summary>
    public int Epochs { get; init; } = 8;

    /// <summary>Images per optimizer step.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam's initial learning rate; it decays to 0 along a cosine over the run.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Largest random shift, in pixels along each axis, applied to each training image (0 turns augmentation off).</summary>
    public int MaxShift { get; init; } = 2;

    /// <summary>Seed of the initial weights, the batch order, the shifts and dropout.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Checks every field; the message names the bad one.</summary>
    /// <exception cref="ArgumentException">A field is out of range; <see cref="ArgumentException.ParamName"/> is its camel-case name.</exception>
    public ClassifierTrainingOptions Validate()
    {
        static void Require(bool ok, string field, string why)
        {
            if (!ok)
                throw new ArgumentException($"{field}: {why}", field);
        }

        Require(Epochs >= 1, "epochs", "must be ≥ 1");
        Require(BatchSize >= 2, "batchSize", "must be ≥ 2 (BatchNorm needs two images)");
        Require(LearningRate is > 0 and < 1, "learningRate", "must be in (0, 1)");
        Require(MaxShift is >= 0 and <= 8, "maxShift", "must be in 0..8");
        return this;
    }

    /// <summary>The learning rate of optimizer step <paramref name="step"/> (0-based) out of <paramref name="steps"/>.</summary>
    public double LearningRateAt(int step, int steps) => LearningRate * 0.5 * (1 + Math.Cos(Math.PI * step / steps));
}
