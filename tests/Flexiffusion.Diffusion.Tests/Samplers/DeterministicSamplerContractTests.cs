using Flexiffusion.Diffusion.Schedules;
using Flexiffusion.Diffusion.Tests.TestSupport;
using Flexiffusion.Plans;

namespace Flexiffusion.Diffusion.Tests.Samplers;

/// <summary>What deterministic samplers add to the contract: reproducibility, and that skipping
/// positions is exactly running the sampler on the remaining timesteps (history kept correctly).</summary>
public abstract class DeterministicSamplerContractTests : SamplerContractTests
{
    [Fact]
    public void Sample_Twice_IsBitIdentical()
    {
        var timesteps = TeacherTimesteps.Create(TimestepSpacing.Uniform, 30);

        using var first = Generate(StepPlan.Teacher(30), timesteps);
        using var second = Generate(StepPlan.Teacher(30), timesteps);

        Assert.True(TensorEquality.Identical(first, second));
    }

    [Fact]
    public void Sample_SkippedPositions_EqualsSamplingTheActiveTimestepsOnly()
    {
        var timesteps = TeacherTimesteps.Create(TimestepSpacing.Quadratic, 40);
        var plan = StepPlan.Parse("(F N F N N F P1 N)x5", 40);
        int[] active = Enumerable.Range(0, 40).Where(i => plan[i].IsActive).Select(i => timesteps[i]).ToArray();

        using var skipped = Generate(plan, timesteps);
        using var subset = Generate(StepPlan.Teacher(active.Length), active);

        Assert.True(TensorEquality.Identical(skipped, subset));
    }

    [Fact]
    public void Sample_DifferentSeeds_Differ()
    {
        var timesteps = TeacherTimesteps.Create(TimestepSpacing.Uniform, 10);

        using var a = Generate(StepPlan.Teacher(10), timesteps, seed: 1);
        using var b = Generate(StepPlan.Teacher(10), timesteps, seed: 2);

        Assert.False(TensorEquality.Identical(a, b));
    }
}
