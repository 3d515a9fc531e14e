using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Diffusion.Schedules;
using Flexiffusion.Diffusion.Tests.TestSupport;
using Flexiffusion.Plans;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Tests.Samplers;

/// <summary>
/// The contract every sampler meets, checked on Gaussian data whose optimal noise predictor is
/// exact (<see cref="GaussianData"/>): driven by it, the sampler reproduces the data's mean and
/// variance, over even, quadratic and irregular (skipped) timesteps.
/// </summary>
public abstract class SamplerContractTests
{
    private const int Images = 20000;

    protected static NoiseSchedule Schedule { get; } = NoiseSchedule.Linear();

    protected abstract ISampler CreateSampler();

    /// <summary>Absolute tolerance on each dimension's mean and relative tolerance on its standard deviation.</summary>
    /// <summary>
    /// Absolute tolerance on each dimension's mean and relative tolerance on its standard deviation.
    /// The sampling error of 20,000 images is ~0.5% on the std; the rest is discretisation: with 50
    /// steps DDIM shrinks the std of s = 0.25 data by ~10% and DPM-Solver++ inflates it by ~10%
    /// (an independent float64 implementation agrees), so the tests use 400–500 steps.
    /// </summary>
    protected virtual (double Mean, double Std) Tolerance => (0.03, 0.035);

    [Fact]
    public void Sample_ExactPredictorUniform500_ReproducesDataMeanAndStd() =>
        AssertMatchesData(Generate(StepPlan.Teacher(500), TeacherTimesteps.Create(TimestepSpacing.Uniform, 500)));

    [Fact]
    public void Sample_ExactPredictorQuadratic500_ReproducesDataMeanAndStd() =>
        AssertMatchesData(Generate(StepPlan.Teacher(500), TeacherTimesteps.Create(TimestepSpacing.Quadratic, 500)));

    [Fact]
    public void Sample_IrregularSkippedPositions_ReproducesDataMeanAndStd()
    {
        var plan = StepPlan.Parse("(F N F N N F P1 N N N)x100", 1000);

        AssertMatchesData(Generate(plan, TeacherTimesteps.Create(TimestepSpacing.Uniform, 1000)));
    }

    [Fact]
    public void Sample_SkipSemantics_EvaluatesOncePerActivePosition()
    {
        var plan = StepPlan.Parse("(F N P0 N)x5", 20);
        var model = new GaussianData(Schedule);
        var pipeline = new DiffusionPipeline(model, Schedule, CreateSampler(), new PipelineOptions { BatchSize = 3 });

        using var images = pipeline.Generate(plan, TeacherTimesteps.Create(TimestepSpacing.Uniform, 20), new NoiseBank(1, 1, 2, 2), 0, 7);

        Assert.Equal(plan.Nfe * 3, model.Evaluations);
        Assert.Equal([7, 1, 2, 2], images.shape);
        Assert.True(isfinite(images).all().item<bool>());
    }

    [Fact]
    public void Sample_ReuseSemantics_StepsEveryPositionWithoutEvaluatingNulls()
    {
        var plan = StepPlan.Parse("(F N)x25", 50);
        var model = new GaussianData(Schedule);
        var pipeline = new DiffusionPipeline(model, Schedule, CreateSampler(), new PipelineOptions { BatchSize = Images, Nulls = NullSemantics.Reuse });

        using var images = pipeline.Generate(plan, TeacherTimesteps.Create(TimestepSpacing.Uniform, 50), new NoiseBank(3, 1, 2, 2), 0, Images);

        Assert.Equal(25, model.Evaluations);
        var (mean, std) = Moments(images);
        for (int d = 0; d < 4; d++)
        {
            Assert.InRange(mean[d], GaussianData.Mean[d] - 0.15, GaussianData.Mean[d] + 0.15);
            Assert.InRange(std[d], GaussianData.Std[d] * 0.7, GaussianData.Std[d] * 1.3);
        }
    }

    [Fact]
    public void Sample_DifferentBatchSizes_GiveIdenticalImages()
    {
        var timesteps = TeacherTimesteps.Create(TimestepSpacing.Uniform, 20);
        var plan = StepPlan.Parse("(F N P0 N)x5", 20);
        var bank = new NoiseBank(11, 1, 2, 2);
        Tensor Run(int batch) => new DiffusionPipeline(new GaussianData(Schedule), Schedule, CreateSampler(),
            new PipelineOptions { BatchSize = batch }).Generate(plan, timesteps, bank, 5, 10);

        using var whole = Run(10);
        using var split = Run(3);

        Assert.True(TensorEquality.Identical(whole, split));
    }

    [Fact]
    public void Step_NextNotBeforeTimestep_Throws()
    {
        using var run = CreateSampler().Start(Schedule);
        using var x = zeros(1, 1, 2, 2);
        using var noise = zeros(1, 1, 2, 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => run.Step(x, x, 10, 10, noise));
        Assert.Throws<ArgumentOutOfRangeException>(() => run.Step(x, x, 1000, 10, noise));
    }

    [Fact]
    public void Step_LastStepOntoCleanData_ReturnsThePredictedOriginal()
    {
        using var run = CreateSampler().Start(Schedule);
        using var x = full(new long[] { 2, 1, 2, 2 }, 0.3f);
        using var eps = full(new long[] { 2, 1, 2, 2 }, -0.2f);
        using var noise = randn(2, 1, 2, 2);

        var output = run.Step(x, eps, 5, -1, noise);

        Assert.True(allclose(output.Previous, output.PredictedOriginal, 1e-5, 1e-6));
        output.Previous.Dispose();
        output.PredictedOriginal.Dispose();
    }

    protected Tensor Generate(StepPlan plan, int[] timesteps, long seed = 7)
    {
        var pipeline = new DiffusionPipeline(new GaussianData(Schedule), Schedule, CreateSampler(), new PipelineOptions { BatchSize = Images });
        return pipeline.Generate(plan, timesteps, new NoiseBank(seed, 1, 2, 2), 0, Images);
    }

    private void AssertMatchesData(Tensor images)
    {
        using (images)
        {
            var (mean, std) = Moments(images);
            var (meanTol, stdTol) = Tolerance;
            for (int d = 0; d < 4; d++)
            {
                Assert.True(Math.Abs(mean[d] - GaussianData.Mean[d]) < meanTol,
                    $"dimension {d}: mean {mean[d]:F4}, data {GaussianData.Mean[d]:F4}");
                Assert.True(Math.Abs(std[d] / GaussianData.Std[d] - 1) < stdTol,
                    $"dimension {d}: std {std[d]:F4}, data {GaussianData.Std[d]:F4}");
            }
        }
    }

    private static (double[] Mean, double[] Std) Moments(Tensor images)
    {
        using var flat = images.reshape(images.shape[0], 4).to(ScalarType.Float64);
        using var mean = flat.mean([0]);
        using var std = flat.std(0);
        return (mean.data<double>().ToArray(), std.data<double>().ToArray());
    }
}
