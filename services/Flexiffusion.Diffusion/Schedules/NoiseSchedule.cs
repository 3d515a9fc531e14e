namespace Flexiffusion.Diffusion.Schedules;

/// <summary>
/// The forward process q(x_t | x_0) = N(√ᾱ_t·x_0, (1 − ᾱ_t)·I) over <see cref="TrainSteps"/>
/// discrete steps, in float64. Timestep −1 stands for clean data (ᾱ = 1).
/// </summary>
public sealed class NoiseSchedule
{
    private readonly double[] _betas;
    private readonly double[] _alphaBars;

    private NoiseSchedule(BetaSchedule kind, double[] betas)
    {
        Kind = kind;
        _betas = betas;
        _alphaBars = new double[betas.Length];
        double product = 1;
        for (int t = 0; t < betas.Length; t++)
        {
            product *= 1 - betas[t];
            _alphaBars[t] = product;
        }
    }

    /// <summary>The β shape.</summary>
    public BetaSchedule Kind { get; }

    /// <summary>Number of training timesteps (usually 1000).</summary>
    public int TrainSteps => _betas.Length;

    /// <summary>β_t for t in 0..TrainSteps−1.</summary>
    public IReadOnlyList<double> Betas => _betas;

    /// <summary>ᾱ_t = Π_{s≤t}(1 − β_s) for t in 0..TrainSteps−1.</summary>
    public IReadOnlyList<double> AlphaBars => _alphaBars;

    /// <summary>ᾱ_t, with ᾱ_{−1} = 1 (the clean sample that the last step lands on).</summary>
    /// <exception cref="ArgumentOutOfRangeException">t is below −1 or past the last training step.</exception>
    public double AlphaBar(int t)
    {
        if (t < -1 || t >= TrainSteps)
            throw new ArgumentOutOfRangeException(nameof(t), t, $"timestep must be in -1..{TrainSteps - 1}");
        return t < 0 ? 1.0 : _alphaBars[t];
    }

    /// <summary>Linear β from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static NoiseSchedule Linear(int trainSteps = 1000, double start = 1e-4, double end = 0.02)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainSteps, 2);
        var betas = new double[trainSteps];
        for (int t = 0; t < trainSteps; t++)
            betas[t] = start + (end - start) * t / (trainSteps - 1);
        return new NoiseSchedule(BetaSchedule.Linear, betas);
    }

    /// <summary>Cosine schedule: ᾱ(t) = f(t)/f(0), f(t) = cos²(((t/T) + s)/(1 + s)·π/2).</summary>
    public static NoiseSchedule Cosine(int trainSteps = 1000, double offset = 0.008)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainSteps, 2);
        double F(double t) => Math.Pow(Math.Cos((t / trainSteps + offset) / (1 + offset) * Math.PI / 2), 2);
        var betas = new double[trainSteps];
        for (int t = 0; t < trainSteps; t++)
            betas[t] = Math.Min(1 - F(t + 1) / F(t), 0.999);
        return new NoiseSchedule(BetaSchedule.Cosine, betas);
    }

    /// <summary>The schedule of a given shape with default parameters.</summary>
    public static NoiseSchedule Create(BetaSchedule kind, int trainSteps = 1000) => kind switch
    {
        BetaSchedule.Linear => Linear(trainSteps),
        BetaSchedule.Cosine => Cosine(trainSteps),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown beta schedule"),
    };
}
