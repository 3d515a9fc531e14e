namespace Flexiffusion.Diffusion.Pipeline;

/// <summary>What a null step means to the sampler (method.md §1).</summary>
public enum NullSemantics
{
    /// <summary>The position is removed: the sampler jumps from the last active timestep to the next one.</summary>
    Skip,

    /// <summary>The sampler still steps through the position, reusing the last noise prediction.</summary>
    Reuse,
}
