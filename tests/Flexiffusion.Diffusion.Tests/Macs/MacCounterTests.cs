using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Tests.TestSupport;
using Flexiffusion.Plans;

namespace Flexiffusion.Diffusion.Tests.Macs;

public class MacCounterTests
{
    [Fact]
    public void Count_DdpmCifar10_MatchesTheReferenceNumbers()
    {
        var report = MacCounter.Count(UNetConfigs.DdpmCifar10);

        Assert.InRange(report.Full, 6_050_000_000L, 6_100_000_000L);
        Assert.InRange(report.Parameters, 35_700_000L, 35_800_000L);
        Assert.Equal(12, report.BranchCount);
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
