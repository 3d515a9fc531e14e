using Flexiffusion.Diffusion.Schedules;

namespace Flexiffusion.Diffusion.Tests.Schedules;

public class NoiseScheduleTests
{
    [Fact]
    public void Linear_HasDdpmEndpointsAndDecreasingAlphaBar()
    {
        var schedule = NoiseSchedule.Linear();

        Assert.Equal(1000, schedule.TrainSteps);
        Assert.Equal(1e-4, schedule.Betas[0], 15);
        Assert.Equal(0.02, schedule.Betas[^1], 15);
        Assert.Equal(1 - 1e-4, schedule.AlphaBar(0), 15);
        Assert.InRange(schedule.AlphaBar(999), 3e-5, 5e-5);
        Assert.True(schedule.AlphaBars.Zip(schedule.AlphaBars.Skip(1)).All(p => p.Second < p.First));
    }

    [Fact]
    public void Cosine_FollowsTheClosedFormAlphaBar()
    {
        var schedule = NoiseSchedule.Cosine();
        static double F(double t) => Math.Pow(Math.Cos((t / 1000 + 0.008) / 1.008 * Math.PI / 2), 2);

        Assert.Equal(F(500) / F(0), schedule.AlphaBar(499), 9);
        Assert.All(schedule.Betas, b => Assert.InRange(b, 0, 0.999));
    }

    [Fact]
    public void AlphaBar_MinusOne_IsCleanData()
    {
        Assert.Equal(1.0, NoiseSchedule.Linear().AlphaBar(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => NoiseSchedule.Linear().AlphaBar(1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => NoiseSchedule.Linear().AlphaBar(-2));
    }
}
