using Flexiffusion.Diffusion.Schedules;

namespace Flexiffusion.Diffusion.Samplers.Internal;

/// <summary>Argument checks shared by all samplers.</summary>
internal static class StepChecks
{
    public static void Timesteps(NoiseSchedule schedule, int timestep, int next)
    {
        if (timestep < 0 || timestep >= schedule.TrainSteps)
            throw new ArgumentOutOfRangeException(nameof(timestep), timestep, $"timestep must be in 0..{schedule.TrainSteps - 1}");
        if (next < -1 || next >= timestep)
            throw new ArgumentOutOfRangeException(nameof(next), next, $"next timestep must be in -1..{timestep - 1} (timesteps strictly decrease)");
    }

    public static void Noise(bool stochastic, TorchSharp.torch.Tensor? noise)
    {
        if (stochastic && noise is null)
            throw new ArgumentNullException(nameof(noise), "a stochastic step needs noise");
    }
}
