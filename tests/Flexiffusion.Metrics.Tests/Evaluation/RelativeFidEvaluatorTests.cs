using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Diffusion.Runtime;
using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Diffusion.Schedules;
using Flexiffusion.Identity;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Metrics.Evaluation;
using Flexiffusion.Metrics.Features;
using Flexiffusion.Metrics.Statistics;
using Flexiffusion.Plans;

namespace Flexiffusion.Metrics.Tests.Evaluation;

public sealed class RelativeFidEvaluatorTests : IDisposable
{
    private static readonly UNetConfig Tiny32 = new()
    {
        Name = "tiny32", InChannels = 1, Resolution = 32, BaseChannels = 8, ChannelMultipliers = [1, 2], ResBlocks = 1,
        AttentionResolutions = [], MidAttention = false, Dropout = 0, GroupNormGroups = 4,
    };

    private readonly string _classifierPath = Path.GetTempFileName();
    private readonly UNet _model;
    private readonly MnistFeatureExtractor _extractor;
    private readonly int[] _timesteps = TeacherTimesteps.Create(TimestepSpacing.Uniform, 8);

    public RelativeFidEvaluatorTests()
    {
        _model = new UNet(Tiny32, 21);
        using (var classifier = new MnistClassifier())
            classifier.save(_classifierPath);
        _extractor = new MnistFeatureExtractor(_classifierPath);
    }

    public void Dispose()
    {
        _model.Dispose();
        _extractor.Dispose();
        File.Delete(_classifierPath);
    }

    private EvaluationIdentity Identity => new("sha256:test", "ddim(eta=0)", 8, "uniform", "linear", 3, 12, 64, _extractor.Checksum, "skip", NumericsPolicy.Describe(TorchSharp.torch.CPU));

    private RelativeFidEvaluator Evaluator(IBlobCache cache, EvaluationIdentity? identity = null)
    {
        var pipeline = new DiffusionPipeline(_model, NoiseSchedule.Linear(), new DdimSampler(), new PipelineOptions { BatchSize = 12 });
        return new RelativeFidEvaluator(pipeline, _timesteps, new NoiseBank(3, 1, 32, 32), _extractor, cache, identity ?? Identity, MacCounter.Count(Tiny32));
    }

    [Fact]
    public async Task Evaluate_TeacherPlanIsZero_CheaperPlanIsFartherAndFaster()
    {
        var evaluator = Evaluator(new MemoryBlobCache());

        var teacher = await evaluator.EvaluateAsync(StepPlan.Teacher(8));
        var cheaper = await evaluator.EvaluateAsync(StepPlan.Parse("(F P0x3)x2", 8));

        Assert.True(cheaper.Rfid > 0, $"rFID {cheaper.Rfid}");
        Assert.Equal(0.0, teacher.Rfid);
        Assert.Equal(0, evaluator.ClampedDistances);
        Assert.Equal((8, 1.0), (teacher.Nfe, teacher.MacSpeedup));
        Assert.True(cheaper.MacSpeedup > 1.5);
        Assert.Equal(12, cheaper.Images);
        Assert.True(cheaper.ImagesPerSecond > 0);
    }

    [Fact]
    public async Task Evaluate_WithBootstrap_ReturnsPairedReplicatesOfTheRfid_ZeroForTheTeacher_NoneByDefault()
    {
        var evaluator = Evaluator(new MemoryBlobCache());
        var plan = StepPlan.Parse("(F P0x3)x2", 8);

        var teacher = await evaluator.EvaluateAsync(StepPlan.Teacher(8), 16);
        var (cheaper, features) = await evaluator.EvaluateWithFeaturesAsync(plan, 16);
        var plain = await evaluator.EvaluateAsync(plan);

        Assert.Equal(new double[16], teacher.RfidBootstrap);
        Assert.Empty(plain.RfidBootstrap);
        Assert.Equal(plain.Rfid, cheaper.Rfid);
        using var candidate = features.ToTensor();
        using var reference = (await evaluator.TeacherFeaturesAsync()).ToTensor();
        Assert.Equal(PairedBootstrap.FrechetReplicates(candidate, reference, 16, Identity.NoiseSeed), cheaper.RfidBootstrap);
        Assert.All(cheaper.RfidBootstrap, r => Assert.True(r > 0, $"replicate {r}"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => evaluator.EvaluateAsync(plan, PairedBootstrap.MaxReplicates + 1));
    }

    [Fact]
    public async Task TeacherFeatures_SameIdentity_ComputedOnceAcrossEvaluators()
    {
        var cache = new MemoryBlobCache();
        var first = Evaluator(cache);
        var second = Evaluator(cache);

        var a = await first.TeacherFeaturesAsync();
        var b = await second.TeacherFeaturesAsync();

        Assert.Equal(1, first.TeacherComputations);
        Assert.Equal(0, second.TeacherComputations);
        Assert.Equal(a.ToBytes(), b.ToBytes());
    }

    [Fact]
    public async Task TeacherFeatures_DifferentIdentity_MissesTheCache()
    {
        var cache = new MemoryBlobCache();
        await Evaluator(cache).TeacherFeaturesAsync();

        var other = Evaluator(cache, Identity with { ModelChecksum = "sha256:other" });
        await other.TeacherFeaturesAsync();

        Assert.Equal(1, other.TeacherComputations);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task TeacherFeatures_CorruptCacheEntry_IsRecomputed()
    {
        var cache = new MemoryBlobCache();
        await cache.SetAsync(StoreKeys.TeacherFeatures(Identity), [1, 2, 3]);
        var evaluator = Evaluator(cache);

        await evaluator.TeacherFeaturesAsync();

        Assert.Equal(1, evaluator.TeacherComputations);
    }

    [Fact]
    public void Constructor_IdentityDisagreesWithTimesteps_Throws()
    {
        Assert.Throws<ArgumentException>(() => Evaluator(new MemoryBlobCache(), Identity with { TeacherSteps = 9 }));
    }
}
