using System.Diagnostics;
using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Identity;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Metrics.Features;
using Flexiffusion.Metrics.Kernel;
using Flexiffusion.Metrics.Statistics;
using Flexiffusion.Plans;
using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Evaluation;

/// <summary>
/// rFID (method.md §4): the Fréchet distance between the features of a plan's images and of the
/// teacher's images, both generated from the same noise bank. The teacher's features are computed
/// once per <see cref="EvaluationIdentity"/> and kept in an <see cref="IBlobCache"/>.
/// </summary>
public sealed class RelativeFidEvaluator
{
    private readonly DiffusionPipeline _pipeline;
    private readonly DiffusionPipeline _teacherPipeline;
    private readonly IReadOnlyList<int> _timesteps;
    private readonly NoiseBank _bank;
    private readonly IFeatureExtractor _extractor;
    private readonly IBlobCache _cache;
    private readonly MacReport _macs;
    private FeatureSet? _teacher;
    private GaussianStatistics? _teacherStatistics;

    /// <summary>
    /// Creates the evaluator; <paramref name="identity"/> must describe the other arguments. The teacher runs
    /// <paramref name="teacherPipeline"/> when given (a fixed reference sampler for every candidate sampler), else the candidates' pipeline.
    /// </summary>
    public RelativeFidEvaluator(DiffusionPipeline pipeline, IReadOnlyList<int> timesteps, NoiseBank bank,
        IFeatureExtractor extractor, IBlobCache cache, EvaluationIdentity identity, MacReport macs, DiffusionPipeline? teacherPipeline = null)
    {
        _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        _teacherPipeline = teacherPipeline ?? pipeline;
        _timesteps = timesteps ?? throw new ArgumentNullException(nameof(timesteps));
        _bank = bank ?? throw new ArgumentNullException(nameof(bank));
        _extractor = extractor ?? throw new ArgumentNullException(nameof(extractor));
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _macs = macs ?? throw new ArgumentNullException(nameof(macs));
        Identity = identity ?? throw new ArgumentNullException(nameof(identity));
        if (identity.TeacherSteps != timesteps.Count)
            throw new ArgumentException($"the identity says {identity.TeacherSteps} teacher steps but there are {timesteps.Count} timesteps", nameof(identity));
        if (identity.Images < 2)
            throw new ArgumentException("rFID needs at least 2 images", nameof(identity));
    }

    /// <summary>The identity every cached result is keyed by.</summary>
    public EvaluationIdentity Identity { get; }

    /// <summary>How many times this evaluator generated the teacher's images (0 after a cache hit).</summary>
    public int TeacherComputations { get; private set; }

    /// <summary>How many evaluations gave a negative Fréchet distance (rounding) that was reported as 0.</summary>
    public int ClampedDistances { get; private set; }

    /// <summary>The teacher's features: from memory, else from the cache, else generated and stored.</summary>
    public async Task<FeatureSet> TeacherFeaturesAsync(IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (_teacher is not null)
            return _teacher;
        string key = StoreKeys.TeacherFeatures(Identity);
        var cached = await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
        FeatureSet? teacher = null;
        if (cached is not null)
        {
            try
            {
                teacher = FeatureSet.FromBytes(cached);
            }
            catch (InvalidDataException)
            {
                teacher = null;
            }
        }
        if (teacher is null)
        {
            TeacherComputations++;
            teacher = Features(_teacherPipeline, StepPlan.Teacher(_timesteps.Count), progress, cancellationToken, out _);
            await _cache.SetAsync(key, teacher.ToBytes(), cancellationToken).ConfigureAwait(false);
        }
        _teacherStatistics = teacher.Statistics();
        return _teacher = teacher;
    }

    /// <summary>Generates the plan's images from the shared noise and scores them against the teacher.</summary>
    public async Task<PlanEvaluation> EvaluateAsync(StepPlan plan, IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        (await EvaluateWithFeaturesAsync(plan, 0, progress, cancellationToken).ConfigureAwait(false)).Evaluation;

    /// <summary>
    /// Like <see cref="EvaluateAsync(StepPlan, IProgress{SamplingProgress}?, CancellationToken)"/>, also returning
    /// <paramref name="bootstrap"/> paired bootstrap replicates of the rFID (<see cref="PairedBootstrap"/>; the resamples are
    /// seeded by the noise seed, so they are the same for every plan under this identity).
    /// </summary>
    public async Task<PlanEvaluation> EvaluateAsync(StepPlan plan, int bootstrap, IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        (await EvaluateWithFeaturesAsync(plan, bootstrap, progress, cancellationToken).ConfigureAwait(false)).Evaluation;

    /// <summary>Like <see cref="EvaluateAsync(StepPlan, IProgress{SamplingProgress}?, CancellationToken)"/>, also returning the plan's image features (e.g. for FID against data).</summary>
    public Task<(PlanEvaluation Evaluation, FeatureSet Features)> EvaluateWithFeaturesAsync(StepPlan plan,
        IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        EvaluateWithFeaturesAsync(plan, 0, progress, cancellationToken);

    /// <summary>Like <see cref="EvaluateAsync(StepPlan, int, IProgress{SamplingProgress}?, CancellationToken)"/>, also returning the plan's image features.</summary>
    public async Task<(PlanEvaluation Evaluation, FeatureSet Features)> EvaluateWithFeaturesAsync(StepPlan plan, int bootstrap,
        IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfNegative(bootstrap);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bootstrap, PairedBootstrap.MaxReplicates);
        var teacher = await TeacherFeaturesAsync(null, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var features = Features(_pipeline, plan, progress, cancellationToken, out double samplingSeconds);
        using var candidate = features.ToTensor();
        using var reference = teacher.ToTensor();
        double rfid = Distance(features, candidate, reference);
        double kid = KernelInceptionDistance.ComputePaired(candidate, reference);
        double[] replicates = bootstrap == 0 ? []
            : rfid == 0 ? new double[bootstrap]
            : PairedBootstrap.FrechetReplicates(candidate, reference, bootstrap, Identity.NoiseSeed);
        var evaluation = new PlanEvaluation(plan.ToString(), plan.Nfe, _macs.PlanMacs(plan), _macs.PlanSpeedup(plan), rfid, kid,
            Identity.Images, samplingSeconds, clock.Elapsed.TotalSeconds) { RfidBootstrap = replicates };
        return (evaluation, features);
    }

    /// <summary>
    /// rFID: exactly 0 when the plan's features are the teacher's bit for bit (the teacher itself, or a plan that
    /// computes the same images); otherwise the Fréchet distance, where a negative result (rounding, for nearly
    /// identical sets) becomes 0 and is counted in <see cref="ClampedDistances"/>.
    /// </summary>
    private double Distance(FeatureSet features, Tensor candidate, Tensor reference)
    {
        if (Identical(candidate, reference))
            return 0;
        double distance = FrechetDistance.Compute(features.Statistics(), _teacherStatistics!);
        if (distance >= 0)
            return distance;
        ClampedDistances++;
        return 0;
    }

    private static bool Identical(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
    }

    private FeatureSet Features(DiffusionPipeline pipeline, StepPlan plan, IProgress<SamplingProgress>? progress, CancellationToken cancellationToken,
        out double samplingSeconds)
    {
        var clock = Stopwatch.StartNew();
        using var images = pipeline.Generate(plan, _timesteps, _bank, 0, Identity.Images, progress, cancellationToken);
        samplingSeconds = clock.Elapsed.TotalSeconds;
        using var features = _extractor.Extract(images);
        return FeatureSet.FromTensor(features);
    }
}
