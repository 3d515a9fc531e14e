using Flexiffusion.Diffusion.Runtime;
using Flexiffusion.Diffusion.Samplers.Internal;
using Flexiffusion.Diffusion.Schedules;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Samplers;

/// <summary>
/// PLMS (Liu et al. 2022, PNDM eq. 12 with the transfer of eq. 11): the noise estimate is an
/// Adams–Bashforth combination of the last four predictions, then a DDIM (η = 0) transfer. The
/// weights are computed for the actual timesteps of the history, so they stay correct when
/// positions are skipped; on an even grid they are (55, −59, 37, −9)/24. The first three steps use
/// orders 1–3 (no extra network evaluations).
/// </summary>
public sealed class PlmsSampler : ISampler
{
    /// <summary>The highest Adams–Bashforth order used.</summary>
    public const int Order = 4;

    /// <inheritdoc />
    public string Name => "plms";

    /// <inheritdoc />
    public bool IsStochastic => false;

    /// <inheritdoc />
    public ISamplerRun Start(NoiseSchedule schedule) => new Run(schedule);

    private sealed class Run(NoiseSchedule schedule) : ISamplerRun
    {
        private readonly List<(int Timestep, Tensor Epsilon)> _history = [];

        public SamplerOutput Step(Tensor sample, Tensor epsilon, int timestep, int next, Tensor? noise)
        {
            StepChecks.Timesteps(schedule, timestep, next);
            if (_history.Count > 0 && _history[^1].Timestep <= timestep)
                throw new InvalidOperationException($"timestep {timestep} does not follow {_history[^1].Timestep}: a run's timesteps must decrease");
            using var scope = NewDisposeScope();
            var nodes = new List<double> { timestep };
            var values = new List<Tensor> { epsilon };
            for (int i = _history.Count - 1; i >= 0 && nodes.Count < Order; i--)
            {
                nodes.Add(_history[i].Timestep);
                values.Add(_history[i].Epsilon);
            }
            double[] weights = AdamsBashforth.Weights(nodes, next);
            var combined = values[0].Times(weights[0]);
            for (int k = 1; k < values.Count; k++)
                combined = combined.Plus(values[k].Times(weights[k]));

            double a = schedule.AlphaBar(timestep), aNext = schedule.AlphaBar(next);
            var x0 = sample.Minus(combined.Times(Math.Sqrt(1 - a))).Over(Math.Sqrt(a));
            var previous = x0.Times(Math.Sqrt(aNext)).Plus(combined.Times(Math.Sqrt(1 - aNext)));

            _history.Add((timestep, epsilon.detach().DetachFromDisposeScope()));
            if (_history.Count >= Order)
            {
                _history[0].Epsilon.Dispose();
                _history.RemoveAt(0);
            }
            return new SamplerOutput(previous.MoveToOuterDisposeScope(), x0.MoveToOuterDisposeScope());
        }

        public void Dispose()
        {
            foreach (var (_, eps) in _history)
                eps.Dispose();
            _history.Clear();
        }
    }
}
