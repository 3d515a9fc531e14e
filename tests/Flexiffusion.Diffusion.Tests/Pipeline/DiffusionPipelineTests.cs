using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Diffusion.Schedules;
using Flexiffusion.Diffusion.Tests.TestSupport;
using Flexiffusion.Plans;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Tests.Pipeline;

public sealed class DiffusionPipelineTests : IDisposable
{
    private static readonly NoiseSchedule Schedule = NoiseSchedule.Linear();
    private readonly UNet _model;

    public DiffusionPipelineTests()
    {
        _model = new UNet(TinyConfigs.Minimal, 5);
    }

    public void Dispose() => _model.Dispose();

    private DiffusionPipeline Pipeline(ISampler? sampler = null, int batch = 4) =>
        new(new UNetNoisePredictor(_model), Schedule, sampler ?? new DdimSampler(), new PipelineOptions { BatchSize = batch });

    private static NoiseBank Bank => new(9, 3, 8, 8);

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    public void Generate_DeepCacheIntervalOne_EqualsTheTeacher(int branch)
    {
        var timesteps = TeacherTimesteps.Create(TimestepSpacing.Uniform, 10);

        using var teacher = Pipeline().Generate(StepPlan.Teacher(10), timesteps, Bank, 0, 3);
        using var cached = Pipeline().Generate(StepPlan.DeepCacheUniform(10, 1, branch), timesteps, Bank, 0, 3);

        Assert.True(TensorEquality.Identical(teacher, cached));
    }

    [Fact]
    public void Generate_PartialPlan_DiffersFromTheTeacherButStaysClose()
    {
        var timesteps = TeacherTimesteps.Create(TimestepSpacing.Uniform, 20);

        using var teacher = Pipeline().Generate(StepPlan.Teacher(20), timesteps, Bank, 0, 4);
        using var deep = Pipeline().Generate(StepPlan.DeepCacheUniform(20, 4, 3), timesteps, Bank, 0, 4);
        using var shallow = Pipeline().Generate(StepPlan.DeepCacheUniform(20, 4, 0), timesteps, Bank, 0, 4);

        double deepError = (deep - teacher).abs().mean().item<float>();
        double shallowError = (shallow - teacher).abs().mean().item<float>();
        Assert.True(deepError > 0);
        Assert.True(deepError < shallowError, $"deep branch {deepError} should track the teacher better than shallow {shallowError}");
    }

    [Fact]
    public void Generate_ImagesAreIndependentOfBatchSizeAndOffset()
    {
        var timesteps = TeacherTimesteps.Create(TimestepSpacing.Uniform, 8);
        var plan = StepPlan.Parse("(F P1 N N)x2", 8);

        using var all = Pipeline(batch: 5).Generate(plan, timesteps, Bank, 0, 5);
        using var tail = Pipeline(batch: 2).Generate(plan, timesteps, Bank, 3, 2);

        double diff = (all[TensorIndex.Slice(3, 5)] - tail).abs().max().item<float>();
        Assert.True(diff < 1e-4, $"max difference {diff}");
    }

    [Fact]
    public void Generate_ReportsProgressForEveryStepOfEveryBatch()
    {
        var reports = new List<SamplingProgress>();
        var plan = StepPlan.Parse("(F P1 N N)x2", 8);

        using var _ = Pipeline(batch: 2).Generate(plan, TeacherTimesteps.Create(TimestepSpacing.Uniform, 8), Bank, 0, 3,
            new Recorder(reports));

        Assert.Equal(2 * 4, reports.Count);
        Assert.Equal(1.0, reports[^1].Fraction, 9);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second.Fraction > p.First.Fraction));
    }

    [Fact]
    public void Generate_Cancelled_StopsBeforeTheNextStep()
    {
        using var cancel = new CancellationTokenSource();
        var reports = new List<SamplingProgress>();
        var progress = new Recorder(reports, _ => cancel.Cancel());

        Assert.Throws<OperationCanceledException>(() => Pipeline().Generate(StepPlan.Teacher(10),
            TeacherTimesteps.Create(TimestepSpacing.Uniform, 10), Bank, 0, 2, progress, cancel.Token));
        Assert.Single(reports);
    }

    [Fact]
    public void Generate_InconsistentArguments_ThrowNamingTheProblem()
    {
        var timesteps = TeacherTimesteps.Create(TimestepSpacing.Uniform, 10);
        var pipeline = Pipeline();

        Assert.Contains("positions", Assert.Throws<ArgumentException>(() => pipeline.Generate(StepPlan.Teacher(9), timesteps, Bank, 0, 1)).Message, StringComparison.Ordinal);
        Assert.Contains("branch 7", Assert.Throws<ArgumentException>(() => pipeline.Generate(StepPlan.DeepCacheUniform(10, 2, 7), timesteps, Bank, 0, 1)).Message, StringComparison.Ordinal);
        Assert.Contains("decrease", Assert.Throws<ArgumentException>(() => pipeline.Generate(StepPlan.Teacher(2), [5, 5], Bank, 0, 1)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.Generate(StepPlan.Teacher(10), timesteps, Bank, 0, 0));
    }

    private sealed class Recorder(List<SamplingProgress> reports, Action<SamplingProgress>? then = null) : IProgress<SamplingProgress>
    {
        public void Report(SamplingProgress value)
        {
            reports.Add(value);
            then?.Invoke(value);
        }
    }
}
