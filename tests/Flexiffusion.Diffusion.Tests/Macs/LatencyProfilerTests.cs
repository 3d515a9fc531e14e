using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Tests.TestSupport;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Tests.Macs;

public sealed class LatencyProfilerTests
{
    [Fact]
    public void Measure_TinyModel_TimesTheFullStepAndEveryBranchPerImage()
    {
        using var model = new UNet(TinyConfigs.Minimal, 1);
        model.train();

        var report = LatencyProfiler.Measure(model, CPU, batchSize: 4, repeats: 3, warmup: 1);

        Assert.Equal(("cpu", 4, 3), (report.Device, report.BatchSize, report.Repeats));
        Assert.Equal(model.BranchCount, report.PartialMs.Count);
        Assert.True(double.IsFinite(report.FullMs) && report.FullMs > 0, $"full {report.FullMs} ms");
        Assert.All(report.PartialMs, ms => Assert.True(double.IsFinite(ms) && ms > 0, $"partial {ms} ms"));
        Assert.Equal(report.FullMs / report.PartialMs[0], report.PartialSpeedup(0));
        Assert.True(model.training, "the model's training mode is restored");
    }

    [Theory]
    [InlineData(0, 1, 0)]
    [InlineData(1, 0, 0)]
    [InlineData(1, 1, -1)]
    public void Measure_OutOfRangeCounts_Throw(int batchSize, int repeats, int warmup)
    {
        using var model = new UNet(TinyConfigs.Minimal, 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyProfiler.Measure(model, CPU, batchSize, repeats, warmup));
    }
}
