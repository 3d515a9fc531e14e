namespace Flexiffusion.Diffusion.Samplers;

/// <summary>The samplers Flexiffusion ships.</summary>
public enum SamplerKind
{
    /// <summary>DDIM with η (Song et al. 2021); η = 0 is deterministic.</summary>
    Ddim,

    /// <summary>DDPM ancestral sampling with the posterior variance β̃ (Ho et al. 2020).</summary>
    Ddpm,

    /// <summary>Pseudo linear multistep (Liu et al. 2022, PNDM) as variable-step Adams–Bashforth.</summary>
    Plms,

    /// <summary>DPM-Solver++(2M) (Lu et al. 2022), multistep second order in data prediction.</summary>
    DpmSolverPlusPlus2M,
}
