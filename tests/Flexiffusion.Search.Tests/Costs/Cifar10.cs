using Flexiffusion.Search.Costs;

namespace Flexiffusion.Search.Tests.Costs;

/// <summary>Per-step costs of the CIFAR-10 DDPM U-Net used across the cost tests (partial branch 2 is DeepCache's default).</summary>
internal static class Cifar10
{
    public const double FullMacs = 6.054e9;

    public const double Branch2Macs = 2.239e9;

    public static CostTable Table() => new(FullMacs, [0.9e9, 1.5e9, Branch2Macs, 3.1e9, 4.2e9]);
}
