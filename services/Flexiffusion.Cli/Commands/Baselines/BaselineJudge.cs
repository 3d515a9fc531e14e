using System.Diagnostics;
using System.Globalization;
using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Diffusion.Schedules;
using Flexiffusion.Identity;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Metrics.Evaluation;
using Flexiffusion.Metrics.Features;
using Flexiffusion.Metrics.Statistics;
using Flexiffusion.Plans;
using static TorchSharp.torch;

namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>
/// The common judge of a baselines run: every schedule, whatever its sampler, is generated from one noise bank and
/// scored against one fixed reference — the reference sampler with every position full — by rFID and KID, and
/// optionally by FID against the real digits. The reference's features are computed (or read from the disk cache,
/// under the same key as <c>evaluate</c>) once, on first use; one pipeline is built per sampler.
/// </summary>
public sealed class BaselineJudge
{
    private readonly UNet _unet;
    private readonly NoiseSchedule _schedule;
    private readonly int[] _timesteps;
    private readonly NoiseBank _bank;
    private readonly IFeatureExtractor _extractor;
    private readonly IBlobCache _cache;
    private readonly MacReport _macs;
    private readonly PipelineOptions _pipeline;
    private readonly double _eta;
    private readonly SamplerKind _referenceSampler;
    private readonly Func<CancellationToken, Task<FeatureSet>>? _realFeatures;
    private readonly Dictionary<SamplerKind, RelativeFidEvaluator> _evaluators = [];
    private byte[]? _referenceBytes;
    private GaussianStatistics? _realStatistics;

    /// <summary>Creates the judge; <paramref name="realFeatures"/> (with <paramref name="fidReference"/>, its identity) turns FID on.</summary>
    public BaselineJudge(UNet unet, GenerationSettings settings, string spacing, double eta, SamplerKind referenceSampler, int images,
        IFeatureExtractor extractor, IBlobCache cache, string modelChecksum, Func<CancellationToken, Task<FeatureSet>>? realFeatures, string? fidReference)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _unet = unet ?? throw new ArgumentNullException(nameof(unet));
        _extractor = extractor ?? throw new ArgumentNullException(nameof(extractor));
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _schedule = settings.Schedule;
        _timesteps = settings.Timesteps;
        _pipeline = settings.Pipeline;
        _eta = eta;
        _referenceSampler = referenceSampler;
        _realFeatures = realFeatures;
        FidReference = realFeatures is null ? null : fidReference;
        var c = unet.Layout.Config;
        _bank = new NoiseBank(settings.Seed, c.InChannels, c.Resolution, c.Resolution);
        _macs = MacCounter.Count(unet.Layout);
        string samplerId = SamplerIdentity(referenceSampler);
        string nulls = settings.Pipeline.Nulls.ToString().ToLowerInvariant(), schedule = settings.Schedule.Kind.ToString().ToLowerInvariant();
        ReferenceIdentity = new EvaluationIdentity(modelChecksum, samplerId, _timesteps.Length, spacing, schedule, settings.Seed, images,
            settings.Pipeline.BatchSize, extractor.Checksum, nulls, Diffusion.Runtime.NumericsPolicy.Describe(settings.Pipeline.Device));
        ReferenceDescription = string.Create(CultureInfo.InvariantCulture,
            $"{samplerId} with all {_timesteps.Length} positions full ({spacing} spacing, {schedule} schedule, nulls {nulls}), noise seed {settings.Seed}, {images} images");
    }

    /// <summary>The identity of the reference's features (the same as <c>evaluate</c>'s teacher for the reference sampler).</summary>
    public EvaluationIdentity ReferenceIdentity { get; }

    /// <summary>The reference in words.</summary>
    public string ReferenceDescription { get; }

    /// <summary>Identity of the real-data features FID is measured against; null without FID.</summary>
    public string? FidReference { get; }

    /// <summary>The model's MAC counts.</summary>
    public MacReport Macs => _macs;

    /// <summary>Whether the reference's features came from the cache (null until they are needed).</summary>
    public bool? ReferenceFromCache { get; private set; }

    /// <summary>Everything a row's numbers depend on besides its schedule: the reference, the row's sampler, the batch size.</summary>
    public string RowIdentity(SamplerKind sampler) => string.Create(CultureInfo.InvariantCulture,
        $"reference[{ReferenceIdentity.Canonical}];sampler={SamplerIdentity(sampler)};batch={_pipeline.BatchSize}");

    /// <summary>Whether FID against the real digits is computed.</summary>
    public bool HasFid => _realFeatures is not null;

    /// <summary>Computes (or reads from the cache) the reference's features, once; later calls return at once.</summary>
    public async Task PrepareReferenceAsync(IProgress<SamplingProgress>? progress, CancellationToken cancellationToken)
    {
        if (_referenceBytes is not null)
            return;
        var reference = Evaluator(_referenceSampler);
        var features = await reference.TeacherFeaturesAsync(progress, cancellationToken);
        ReferenceFromCache = reference.TeacherComputations == 0;
        _referenceBytes = features.ToBytes();
    }

    /// <summary>Computes (or reads from the cache) the real digits' statistics when FID is on, once.</summary>
    public async Task PrepareRealDataAsync(CancellationToken cancellationToken)
    {
        if (_realFeatures is not null && _realStatistics is null)
            _realStatistics = (await _realFeatures(cancellationToken)).Statistics();
    }

    /// <summary>Generates the plan's images under <paramref name="sampler"/> and scores them; the wall time covers every distance.</summary>
    public async Task<(PlanEvaluation Evaluation, double? Fid, double WallSeconds)> EvaluateAsync(SamplerKind sampler, StepPlan plan,
        IProgress<SamplingProgress>? progress, CancellationToken cancellationToken)
    {
        await PrepareReferenceAsync(null, cancellationToken);
        await PrepareRealDataAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var (evaluation, features) = await Evaluator(sampler).EvaluateWithFeaturesAsync(plan, progress, cancellationToken);
        double? fid = null;
        if (_realStatistics is not null)
        {
            using var scope = NewDisposeScope();
            fid = FrechetDistance.Compute(features.Statistics(), _realStatistics);
        }
        return (evaluation, fid, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The sampler's name as rows show it (<c>ddim</c>, <c>plms</c>, …).</summary>
    public static string SamplerName(SamplerKind kind) => SamplerFactory.Create(kind).Name;

    private string SamplerIdentity(SamplerKind kind) => Metrics.Evaluation.SamplerIdentity.Of(SamplerFactory.Create(kind, _eta));

    private RelativeFidEvaluator Evaluator(SamplerKind sampler)
    {
        if (_evaluators.TryGetValue(sampler, out var known))
            return known;
        var pipeline = new DiffusionPipeline(_unet, _schedule, SamplerFactory.Create(sampler, _eta), _pipeline);
        // Every evaluator is keyed by the reference's identity and, for the other samplers, handed the reference's
        // features in a private cache: their "teacher" is the common reference, never their own all-full run.
        IBlobCache cache = _cache;
        if (sampler != _referenceSampler)
        {
            var seeded = new MemoryBlobCache();
            seeded.SetAsync(StoreKeys.TeacherFeatures(ReferenceIdentity), _referenceBytes
                ?? throw new InvalidOperationException("the reference's features are needed first")).AsTask().GetAwaiter().GetResult();
            cache = seeded;
        }
        var evaluator = new RelativeFidEvaluator(pipeline, _timesteps, _bank, _extractor, cache, ReferenceIdentity, _macs);
        _evaluators[sampler] = evaluator;
        return evaluator;
    }
}
