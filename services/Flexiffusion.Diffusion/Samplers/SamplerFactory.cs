namespace Flexiffusion.Diffusion.Samplers;

/// <summary>Creates samplers by kind or by name.</summary>
public static class SamplerFactory
{
    /// <summary>The names accepted by <see cref="Parse"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["ddim", "ddpm", "plms", "dpm-solver++"];

    /// <summary>A sampler of the given kind; <paramref name="eta"/> applies to DDIM only.</summary>
    /// <exception cref="ArgumentOutOfRangeException">η is outside [0, 1] or the kind is unknown.</exception>
    public static ISampler Create(SamplerKind kind, double eta = 0) => kind switch
    {
        SamplerKind.Ddim => new DdimSampler(eta),
        SamplerKind.Ddpm => new DdpmSampler(),
        SamplerKind.Plms => new PlmsSampler(),
        SamplerKind.DpmSolverPlusPlus2M => new DpmSolverPlusPlusSampler(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown sampler"),
    };

    /// <summary>The kind for a name: ddim, ddpm, plms, dpm-solver++ (also dpmpp-2m).</summary>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static SamplerKind Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "ddim" => SamplerKind.Ddim,
        "ddpm" => SamplerKind.Ddpm,
        "plms" or "pndm" => SamplerKind.Plms,
        "dpm-solver++" or "dpmpp-2m" or "dpm-solver++(2m)" or "dpmsolver++" => SamplerKind.DpmSolverPlusPlus2M,
        _ => throw new ArgumentException($"unknown sampler '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
    };
}
