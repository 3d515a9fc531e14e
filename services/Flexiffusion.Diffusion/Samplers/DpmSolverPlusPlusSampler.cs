using Flexiffusion.Diffusion.Runtime;
using Flexiffusion.Diffusion.Samplers.Internal;
using Flexiffusion.Diffusion.Schedules;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Samplers;

/// <summary>
/// DPM-Solver++(2M) (Lu et al. 2022, Algorithm 2) in data prediction:
/// x_{t'} = (σ_{t'}/σ_t)·x_t − α_{t'}(e^{−h} − 1)·D with h = λ_{t'} − λ_t, λ = log(α/σ), and
/// D = (1 + 1/2r)·x̂_0 − (1/2r)·x̂_0^{prev}, r = h_prev/h. λ comes from the actual timesteps of the
/// history, so skipped positions are handled exactly. The first step, and the last step onto clean
/// data (λ = ∞), are first order.
/// </summary>
public sealed class DpmSolverPlusPlusSampler : ISampler
{
    /// <inheritdoc />
    public string Name => "dpm-solver++";

    /// <inheritdoc />
    public bool IsStochastic => false;

    /// <inheritdoc />
    public ISamplerRun Start(NoiseSchedule schedule) => new Run(schedule);

    private sealed class Run(NoiseSchedule schedule) : ISamplerRun
    {
        private Tensor? _previousX0;
        private double _previousLambda;
        private int _previousTimestep = int.MaxValue;

        public SamplerOutput Step(Tensor sample, Tensor epsilon, int timestep, int next, Tensor? noise)
        {
            StepChecks.Timesteps(schedule, timestep, next);
            if (timestep >= _previousTimestep)
                throw new InvalidOperationException($"timestep {timestep} does not follow {_previousTimestep}: a run's timesteps must decrease");
            using var scope = NewDisposeScope();
            double a = schedule.AlphaBar(timestep);
            double alpha = Math.Sqrt(a), sigma = Math.Sqrt(1 - a);
            double lambda = Math.Log(alpha / sigma);
            var x0 = sample.Minus(epsilon.Times(sigma)).Over(alpha);
            Tensor previous;
            if (next < 0)
            {
                previous = x0.clone();
            }
            else
            {
                double aNext = schedule.AlphaBar(next);
                double alphaNext = Math.Sqrt(aNext), sigmaNext = Math.Sqrt(1 - aNext);
                double h = Math.Log(alphaNext / sigmaNext) - lambda;
                var d = x0;
                if (_previousX0 is not null)
                {
                    double r = (lambda - _previousLambda) / h;
                    d = x0.Times(1 + 0.5 / r).Minus(_previousX0.Times(0.5 / r));
                }
                previous = sample.Times(sigmaNext / sigma).Minus(d.Times(alphaNext * (Math.Exp(-h) - 1)));
            }
            _previousX0?.Dispose();
            _previousX0 = x0.detach().DetachFromDisposeScope();
            _previousLambda = lambda;
            _previousTimestep = timestep;
            return new SamplerOutput(previous.MoveToOuterDisposeScope(), x0.MoveToOuterDisposeScope());
        }

        public void Dispose()
        {
            _previousX0?.Dispose();
            _previousX0 = null;
        }
    }
}
