using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Tests.TestSupport;
using Flexiffusion.Plans;

namespace Flexiffusion.Diffusion.Tests.Macs;

public class MacCounterTests
{
    // Pinned per-image MACs (convolutions, linear layers and attention's 1×1 projections; attention
    // matmuls apart). They were printed by MacCounter once and then checked independently of it:
    // Fixtures/ddpm_macs.py rebuilds both networks in PyTorch after the reference implementation
    // (Ho et al. 2020), runs a real full step and every real partial step, and sums with forward
    // hooks the MACs of each Conv2d and Linear that executes (output elements × input channels ×
    // kernel area) and of each attention bmm; it prints exactly these numbers and 35,746,307 /
    // 382,913 parameters. By hand, for ddpm-cifar10 (ch 128, 32², temb 512):
    //   branch 0 = temb MLP 128·512 + 512·512 = 327,680
    //            + conv_in 32²·128·3·9 = 3,538,944 + conv_out 32²·3·128·9 = 3,538,944
    //            + last up block 256→128: 32²·128·(256·9 + 128·9 + 256) + 512·128 = 486,604,800
    //            = 494,010,368;
    //   branch 1 = branch 0 + down block 128→128: 32²·128·(128·9 + 128·9) + 512·128 = 302,055,424
    //            + up block 256→128 (486,604,800) = 1,282,670,592;
    //   branch 2 = branch 1 + down block (302,055,424) + first level-0 up block 384→128:
    //              32²·128·(384·9 + 128·9 + 384) + 512·128 = 654,376,960 = 2,239,102,976,
    // which is DeepCache's ~2.25 GMACs partial step (see Count_DeepCacheUniformPlans_…).
    private const long Cifar10Full = 6_053_953_536;
    private const long Cifar10FullAttentionMatmul = 167_903_232;

    private static readonly long[] Cifar10Partial =
    [
        494_010_368, 1_282_670_592, 2_239_102_976, 3_350_724_608, 4_206_624_768, 5_129_633_792,
        5_440_143_360, 5_637_537_792, 5_834_932_224, 5_912_657_920, 5_962_203_136, 6_011_748_352,
    ];

    private static readonly long[] Cifar10PartialAttentionMatmul =
        [0, 0, 0, 33_554_432, 100_663_296, 167_772_160, 167_772_160, 167_772_160, 167_772_160, 167_772_160, 167_772_160, 167_772_160];

    private const long MnistFull = 88_475_648;

    private static readonly long[] MnistPartial =
        [7_903_232, 20_226_048, 35_170_304, 51_490_816, 62_767_104, 75_091_968, 79_943_680, 83_027_968, 86_112_256];

    [Fact]
    public void Count_DdpmCifar10_MatchesTheIndependentlyCountedFullStep()
    {
        var report = MacCounter.Count(UNetConfigs.DdpmCifar10);

        Assert.Equal(Cifar10Full, report.Full);
        Assert.Equal(Cifar10FullAttentionMatmul, report.FullAttentionMatmul);
        Assert.Equal(35_746_307, report.Parameters);
        Assert.Equal(12, report.BranchCount);
    }

    [Fact]
    public void Count_DdpmCifar10_MatchesTheIndependentlyCountedPartialSteps()
    {
        var report = MacCounter.Count(UNetConfigs.DdpmCifar10);

        Assert.Equal(Cifar10Partial, report.Partial);
        Assert.Equal(Cifar10PartialAttentionMatmul, report.PartialAttentionMatmul);
    }

    [Fact]
    public void Count_Mnist_MatchesTheIndependentlyCountedSteps()
    {
        var report = MacCounter.Count(UNetConfigs.Mnist);

        Assert.Equal(MnistFull, report.Full);
        Assert.Equal(0, report.FullAttentionMatmul);
        Assert.Equal(MnistPartial, report.Partial);
        Assert.All(report.PartialAttentionMatmul, m => Assert.Equal(0, m));
        Assert.Equal(382_913, report.Parameters);
    }

    [Fact]
    public void Count_PartialSteps_GrowWithBranchAndStayBelowFull()
    {
        var report = MacCounter.Count(UNetConfigs.DdpmCifar10);

        for (int b = 1; b < report.BranchCount; b++)
            Assert.True(report.Partial[b] > report.Partial[b - 1], $"branch {b} should cost more than branch {b - 1}");
        Assert.True(report.Partial[^1] < report.Full);
        Assert.True(report.Partial[0] < report.Full / 5);
    }

    [Fact]
    public void Count_DeepCacheUniformPlans_MatchDeepCachesReportedAverages()
    {
        // DeepCache (DDPM CIFAR-10, 100-step DDIM, uniform 1:N) reports 4.15/3.54/3.01/2.63 GMACs per
        // step for N = 2/3/5/10; its partial step then costs ~2.25 GMACs, which is our branch 2.
        var report = MacCounter.Count(UNetConfigs.DdpmCifar10);
        (int Interval, double Reported)[] cases = [(2, 4.15), (3, 3.54), (5, 3.01), (10, 2.63)];

        foreach (var (interval, reported) in cases)
        {
            var plan = StepPlan.DeepCacheUniform(100, interval, 2);
            double perStep = report.PlanMacs(plan) / 100.0 / 1e9;
            Assert.True(Math.Abs(perStep - reported) < 0.04, $"1:{interval}: {perStep:F3} GMACs per step vs DeepCache's {reported}");
        }
    }

    [Fact]
    public void Parameters_EqualTheBuiltModulesParameterCount()
    {
        foreach (var config in new[] { TinyConfigs.WithAttention, TinyConfigs.Minimal, UNetConfigs.Mnist })
        {
            using var model = new UNet(config, 0);

            Assert.Equal(model.parameters().Sum(p => p.numel()), MacCounter.Count(config).Parameters);
        }
    }

    [Fact]
    public void PlanMacs_SumsFullAndPartialStepsAndIgnoresNulls()
    {
        var report = MacCounter.Count(UNetConfigs.Mnist);
        var plan = StepPlan.Parse("F P2 P2 N F P0 N N", 8);

        Assert.Equal(2 * report.Full + 2 * report.Partial[2] + report.Partial[0], report.PlanMacs(plan));
        Assert.Equal(8.0 * report.Full / report.PlanMacs(plan), report.PlanSpeedup(plan), 12);
        Assert.Equal(1.0, report.PlanSpeedup(StepPlan.Teacher(8)), 12);
    }

    [Fact]
    public void PlanMacs_BranchBeyondModel_Throws()
    {
        var report = MacCounter.Count(TinyConfigs.Minimal);

        Assert.Throws<ArgumentOutOfRangeException>(() => report.PlanMacs(StepPlan.Parse("F P4", 2)));
    }
}
