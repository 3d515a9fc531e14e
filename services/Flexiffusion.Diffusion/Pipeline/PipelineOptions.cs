using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Pipeline;

/// <summary>How a <see cref="DiffusionPipeline"/> runs.</summary>
public sealed record PipelineOptions
{
    /// <summary>Images per forward pass (default 64); results do not depend on it.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>What null steps mean (default <see cref="NullSemantics.Skip"/>).</summary>
    public NullSemantics Nulls { get; init; } = NullSemantics.Skip;

    /// <summary>The device the network and sampler run on (default CPU); outputs return on CPU.</summary>
    public Device Device { get; init; } = CPU;
}
