using Flexiffusion.Diffusion.Schedules;

namespace Flexiffusion.Diffusion.Samplers;

/// <summary>
/// A sampler: pure tensor maths that moves a sample from one timestep to an earlier one given the
/// network's noise prediction. It knows nothing of networks; the pipeline owns the loop.
/// </summary>
public interface ISampler
{
    /// <summary>The sampler's name as the command line spells it (e.g. <c>ddim</c>).</summary>
    string Name { get; }

    /// <summary>Whether a step adds fresh noise (then the caller passes per-step noise).</summary>
    bool IsStochastic { get; }

    /// <summary>Starts a run over one batch; multistep samplers keep their history in the run.</summary>
    ISamplerRun Start(NoiseSchedule schedule);
}
