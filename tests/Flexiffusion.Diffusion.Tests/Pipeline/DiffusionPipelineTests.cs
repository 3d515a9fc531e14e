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
        new(_model, Schedule, sampler ?? new DdimSampler(), new PipelineOptions { BatchSize = batch });

    private static NoiseBank Bank => new(9, 3, 8, 8);

    /// <summary>
    /// TinyConfigs.Minimal (ch 8, mult 1,2, one block per level): the up block that consumes skip b,
    /// by its reference name, and skip b's channels. Skips: conv_in (8), down.0.block.0 (8),
    /// down.0.downsample (8), down.1.block.0 (16); the up path consumes them in reverse order.
    /// </summary>
    private static readonly (string UpBlock, int SkipChannels)[] MinimalSkips =
        [("up.0.block.1", 8), ("up.0.block.0", 8), ("up.1.block.1", 8), ("up.1.block.0", 16)];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Generate_PlanWithPartialSteps_EqualsTheFullNetworkWithTheDeepFeatureFrozenAtTheLastFullStep(int branch)
    {
        var timesteps = TeacherTimesteps.Create(TimestepSpacing.Uniform, 10);
        var plan = StepPlan.Parse($"F P{branch}x2 N F P{branch} N P{branch} F P{branch}", 10);

        using var cached = Pipeline().Generate(plan, timesteps, Bank, 0, 3);
        using var expected = FrozenFeatureReference(plan, timesteps, branch, 3);
        using var teacher = Pipeline().Generate(StepPlan.Teacher(10), timesteps, Bank, 0, 3);

        Assert.True(TensorEquality.Identical(expected, cached));
        double fromTeacher = (cached - teacher).abs().max().item<float>();
        Assert.True(fromTeacher > 1e-3, $"partial steps should change the images (max difference from the teacher {fromTeacher})");
    }

    /// <summary>
    /// What a partial step means, computed without FeatureCache or RunPartial: every active position
    /// runs the whole network (forward), but at a partial step a pre-hook on the up block consuming skip
    /// <paramref name="branch"/> replaces the main-branch feature entering it with the one that entered
    /// it at the last full step, so everything the partial step skips cannot matter. Then DDIM, batch
    /// of <paramref name="count"/>, null positions skipped.
    /// </summary>
    private Tensor FrozenFeatureReference(StepPlan plan, IReadOnlyList<int> timesteps, int branch, int count)
    {
        var (blockName, skipChannels) = MinimalSkips[branch];
        var block = (ResnetBlock)_model.named_modules().Single(m => m.name == blockName).module;
        Tensor? frozen = null;
        bool partial = false;
        var hook = block.register_forward_pre_hook((_, input, temb) =>
        {
            long main = input.shape[1] - skipChannels;
            if (!partial)
            {
                frozen?.Dispose();
                frozen = input.narrow(1, 0, main).clone().DetachFromDisposeScope();
                return null;
            }
            return (cat([frozen!, input.narrow(1, main, skipChannels)], 1), temb);
        });
        _model.eval();
        using var noGrad = no_grad();
        using var run = new DdimSampler().Start(Schedule);
        var active = Enumerable.Range(0, plan.Count).Where(i => plan[i].IsActive).ToList();
        var x = Bank.Initial(0, count);
        try
        {
            for (int k = 0; k < active.Count; k++)
            {
                using var scope = NewDisposeScope();
                int i = active[k];
                partial = plan[i].Kind == StepKind.Partial;
                var epsilon = _model.forward(x, full([count], timesteps[i], ScalarType.Int64));
                int next = k + 1 < active.Count ? timesteps[active[k + 1]] : -1;
                var previous = run.Step(x, epsilon, timesteps[i], next, null).Previous.DetachFromDisposeScope();
                x.Dispose();
                x = previous;
            }
            return x;
        }
        finally
        {
            hook.remove();
            frozen?.Dispose();
        }
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
