using Flexiffusion.Diffusion.Runtime;
using Flexiffusion.Diffusion.Samplers.Internal;
using Flexiffusion.Diffusion.Schedules;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Samplers;

/// <summary>
/// DDPM ancestral sampling (Ho et al. 2020, eq. 6–7) generalised to any pair t &gt; t':
/// x_{t'} ~ q(x_{t'} | x_t, x̂_0) with mean c₀·x̂_0 + c_t·x_t and variance
/// β̃ = (1 − ᾱ_{t'})/(1 − ᾱ_t)·(1 − ᾱ_t/ᾱ_{t'}).
/// </summary>
public sealed class DdpmSampler : ISampler
{
    /// <inheritdoc />
    public string Name => "ddpm";

    /// <inheritdoc />
    public bool IsStochastic => true;

    /// <inheritdoc />
    public ISamplerRun Start(NoiseSchedule schedule) => new Run(schedule);

    private sealed class Run(NoiseSchedule schedule) : ISamplerRun
    {
        public SamplerOutput Step(Tensor sample, Tensor epsilon, int timestep, int next, Tensor? noise)
        {
            StepChecks.Timesteps(schedule, timestep, next);
            StepChecks.Noise(true, noise);
            using var scope = NewDisposeScope();
            double a = schedule.AlphaBar(timestep), aNext = schedule.AlphaBar(next);
            double betaStep = 1 - a / aNext;
            var x0 = sample.Minus(epsilon.Times(Math.Sqrt(1 - a))).Over(Math.Sqrt(a));
            double c0 = Math.Sqrt(aNext) * betaStep / (1 - a);
            double ct = Math.Sqrt(a / aNext) * (1 - aNext) / (1 - a);
            double variance = (1 - aNext) / (1 - a) * betaStep;
            var previous = x0.Times(c0).Plus(sample.Times(ct));
            if (variance > 0)
                previous = previous.Plus(noise!.Times(Math.Sqrt(variance)));
            return new SamplerOutput(previous.MoveToOuterDisposeScope(), x0.MoveToOuterDisposeScope());
        }

        public void Dispose()
        {
        }
    }
}
