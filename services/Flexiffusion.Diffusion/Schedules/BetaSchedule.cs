namespace Flexiffusion.Diffusion.Schedules;

/// <summary>The training noise schedule's β shape.</summary>
public enum BetaSchedule
{
    /// <summary>Linear β from 1e-4 to 0.02 (Ho et al. 2020).</summary>
    Linear,

    /// <summary>Cosine ᾱ (Nichol and Dhariwal 2021, eq. 17), β clipped at 0.999.</summary>
    Cosine,
}
