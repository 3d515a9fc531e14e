using Flexiffusion.Diffusion.Runtime;
using Flexiffusion.Diffusion.Samplers.Internal;
using Flexiffusion.Diffusion.Schedules;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Samplers;

/// <summary>
/// DDIM (Song et al. 2021, eq. 12): x_{t'} = √ᾱ_{t'}·x̂_0 + √(1 − ᾱ_{t'} − σ²)·ε̂ + σ·z with
/// σ = η·√((1 − ᾱ_{t'})/(1 − ᾱ_t))·√(1 − ᾱ_t/ᾱ_{t'}). η = 0 is deterministic.
/// </summary>
public sealed class DdimSampler : ISampler
{
    /// <summary>Creates DDIM with stochasticity <paramref name="eta"/> in [0, 1].</summary>
    public DdimSampler(double eta = 0)
    {
        if (eta is < 0 or > 1 || double.IsNaN(eta))
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "eta must be in [0, 1]");
        Eta = eta;
    }

    /// <summary>The stochasticity η.</summary>
    public double Eta { get; }

    /// <inheritdoc />
    public string Name => "ddim";

    /// <inheritdoc />
    public bool IsStochastic => Eta > 0;

    /// <inheritdoc />
    public ISamplerRun Start(NoiseSchedule schedule) => new Run(this, schedule);

    private sealed class Run(DdimSampler sampler, NoiseSchedule schedule) : ISamplerRun
    {
        public SamplerOutput Step(Tensor sample, Tensor epsilon, int timestep, int next, Tensor? noise)
        {
            StepChecks.Timesteps(schedule, timestep, next);
            StepChecks.Noise(sampler.IsStochastic, noise);
            using var scope = NewDisposeScope();
            double a = schedule.AlphaBar(timestep), aNext = schedule.AlphaBar(next);
            double sigma = sampler.Eta * Math.Sqrt((1 - aNext) / (1 - a) * (1 - a / aNext));
            var x0 = sample.Minus(epsilon.Times(Math.Sqrt(1 - a))).Over(Math.Sqrt(a));
            var previous = x0.Times(Math.Sqrt(aNext)).Plus(epsilon.Times(Math.Sqrt(Math.Max(1 - aNext - sigma * sigma, 0))));
            if (sigma > 0)
                previous = previous.Plus(noise!.Times(sigma));
            return new SamplerOutput(previous.MoveToOuterDisposeScope(), x0.MoveToOuterDisposeScope());
        }

        public void Dispose()
        {
        }
    }
}
