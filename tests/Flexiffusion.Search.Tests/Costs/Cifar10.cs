using Flexiffusion.Search.Costs;

namespace Flexiffusion.Search.Tests.Costs;

/// <summary>
/// Per-image MACs of the DDPM CIFAR-10 U-Net (<c>ddpm-cifar10</c>, 12 branches) as the diffusion
/// engine's MAC counter reports them. The same constants are pinned in Flexiffusion.Diffusion.Tests'
/// <c>MacCounterTests</c>, where they are checked against an independent PyTorch count; all are
/// integers, so sums of them over a plan are exact in double precision.
/// </summary>
internal static class Cifar10
{
    public const double FullMacs = 6_053_953_536;

    /// <summary>DeepCache's default branch (its <c>--branch 1</c>).</summary>
    public const double Branch2Macs = 2_239_102_976;

    public static readonly double[] PartialMacs =
    [
        494_010_368, 1_282_670_592, Branch2Macs, 3_350_724_608, 4_206_624_768, 5_129_633_792,
        5_440_143_360, 5_637_537_792, 5_834_932_224, 5_912_657_920, 5_962_203_136, 6_011_748_352,
    ];

    /// <summary>MACs of DeepCache 1:5 at branch 2, one full and four partial steps, per step: 3,002,073,088.</summary>
    public const double DeepCacheOneToFivePerStep = (FullMacs + (4 * Branch2Macs)) / 5;

    public static CostTable Table() => new(FullMacs, PartialMacs);
}
