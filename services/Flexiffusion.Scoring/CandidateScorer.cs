using System.Diagnostics;
using Flexiffusion.Scoring.Internal;
using Flexiffusion.Identity;
using Flexiffusion.Scoring.Models;
using Flexiffusion.Scoring.Teachers;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Search;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Scoring;

/// <summary>
/// Scores candidates (rFID, KID, MACs, speed-up, NFE, wall time) on a <see cref="ModelCatalog"/>'s
/// models. Runs one job at a time — torch gains nothing from two samplings sharing a device — in
/// arrival order; cancellation reaches into the sampling loop. Pipelines are built once per evaluation
/// identity (a few kept); the teacher's features come from an <see cref="IBlobCache"/> and are computed
/// once per identity under an <see cref="ITeacherLock"/>.
/// </summary>
public sealed partial class CandidateScorer : IDisposable
{
    private const int MaxContexts = 8;
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(30);
    private readonly ModelCatalog _catalog;
    private readonly IBlobCache _cache;
    private readonly ITeacherLock _teacherLock;
    private readonly IScoringObserver? _observer;
    private readonly SemaphoreSlim _device = new(1, 1);
    private readonly Dictionary<EvaluationIdentity, EvaluationContext> _contexts = [];
    private readonly LinkedList<EvaluationIdentity> _recent = new();
    private int _queueDepth;
    private int _teacherComputations;
    private int _teacherCacheHits;
    private int _disposed;

    /// <summary>Creates a scorer.</summary>
    /// <param name="catalog">The served models.</param>
    /// <param name="teacherCache">Where teacher features are kept (shared by replicas to compute each once).</param>
    /// <param name="teacherLock">The lock that makes one replica compute a missing teacher while the others wait.</param>
    /// <param name="observer">Hears jobs and teacher computations (logs, metrics); optional.</param>
    public CandidateScorer(ModelCatalog catalog, IBlobCache teacherCache, ITeacherLock teacherLock, IScoringObserver? observer = null)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _cache = teacherCache ?? throw new ArgumentNullException(nameof(teacherCache));
        _teacherLock = teacherLock ?? throw new ArgumentNullException(nameof(teacherLock));
        _observer = observer;
    }

    /// <summary>The served models.</summary>
    public ModelCatalog Catalog => _catalog;

    /// <summary>Jobs waiting for the device or running on it.</summary>
    public int QueueDepth => Volatile.Read(ref _queueDepth);

    /// <summary>How many times this scorer generated a teacher's images (a cache miss under the lock).</summary>
    public int TeacherComputations => Volatile.Read(ref _teacherComputations);

    /// <summary>How many times this scorer loaded a teacher's features from the cache.</summary>
    public int TeacherCacheHits => Volatile.Read(ref _teacherCacheHits);

    /// <summary>The longest candidate text accepted (a 1,000-step schedule with every segment spelled out fits in a tenth of it).</summary>
    public const int MaxCandidateLength = 65_536;

    /// <summary>Validates a candidate text against settings and resolves the model.</summary>
    /// <exception cref="ArgumentException">
    /// Invalid settings, unknown model, malformed candidate, or a branch the model lacks;
    /// <see cref="ArgumentException.ParamName"/> names the field: <c>candidate</c>, <c>settings.model</c>, <c>settings.teacher_steps</c>, ….
    /// </exception>
    public ScoringJob Prepare(string candidate, EvaluationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var resolved = ResolvedSettings.From(settings);
        if (string.IsNullOrWhiteSpace(candidate))
            throw new FieldException("candidate", "is empty (expected e.g. '20: 2:5x20')");
        if (candidate.Length > MaxCandidateLength)
            throw new FieldException("candidate", $"is {candidate.Length} characters long; at most {MaxCandidateLength}");
        if (!Candidate.TryParse(candidate, settings.TeacherSteps, out var parsed, out string? error))
            throw new FieldException("candidate", error!);
        return Prepare(parsed!, settings, resolved);
    }

    /// <summary>Validates a candidate against settings and resolves the model.</summary>
    /// <exception cref="ArgumentException">As <see cref="Prepare(string, EvaluationSettings)"/>; also when the candidate covers another number of teacher steps.</exception>
    public ScoringJob Prepare(Candidate candidate, EvaluationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(settings);
        return Prepare(candidate, settings, ResolvedSettings.From(settings));
    }

    /// <summary>Validates, then scores a candidate text (see <see cref="Prepare(string, EvaluationSettings)"/> and <see cref="ScoreAsync(ScoringJob, CancellationToken)"/>).</summary>
    public Task<CandidateEvaluation> ScoreAsync(string candidate, EvaluationSettings settings, CancellationToken cancellationToken = default) =>
        ScoreAsync(Prepare(candidate, settings), cancellationToken);

    /// <summary>Validates, then scores a candidate.</summary>
    public Task<CandidateEvaluation> ScoreAsync(Candidate candidate, EvaluationSettings settings, CancellationToken cancellationToken = default) =>
        ScoreAsync(Prepare(candidate, settings), cancellationToken);

    /// <summary>
    /// Waits for the device, then generates the candidate's images and scores them against the teacher's: rFID, KID, the
    /// wall time, the throughput and the replicates the settings ask for (its cost is <see cref="ScoringJob.Cost"/>).
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled while queued or sampling (checked before every denoising step).</exception>
    public async Task<CandidateEvaluation> ScoreAsync(ScoringJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return await OnDeviceAsync(job, async (context, ct) =>
        {
            var result = await context.Evaluator.EvaluateAsync(job.Plan, job.Settings.Bootstrap, null, ct).ConfigureAwait(false);
            return new CandidateEvaluation(job.Candidate, result.Rfid)
            {
                Kid = result.Kid,
                Duration = TimeSpan.FromSeconds(result.WallSeconds),
                ImagesPerSecond = result.SamplingSeconds > 0 ? result.Images / result.SamplingSeconds : null,
                RfidBootstrap = result.RfidBootstrap,
            };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes sure the teacher's features for <paramref name="settings"/> exist in the cache (computing them if needed).</summary>
    /// <returns>True when this call generated them, false when they were cached.</returns>
    /// <exception cref="ArgumentException">The settings are invalid; the field is named as in <see cref="Prepare(string, EvaluationSettings)"/>.</exception>
    public async Task<bool> WarmTeacherAsync(EvaluationSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var resolved = ResolvedSettings.From(settings);
        var teacher = Candidate.Equal(settings.TeacherSteps, [.. Enumerable.Repeat((0, 1), settings.TeacherSteps)]);
        var job = Prepare(teacher, settings, resolved);
        int before = TeacherComputations;
        await OnDeviceAsync(job, (_, _) => Task.FromResult(0), cancellationToken).ConfigureAwait(false);
        return TeacherComputations > before;
    }

    /// <summary>
    /// Stops accepting jobs: waits (up to 30 s) for the running one to leave the device, so that the catalog
    /// can be disposed after; queued and later jobs throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        if (_device.Wait(DisposeWait))
            _device.Release();
    }

    private ScoringJob Prepare(Candidate candidate, EvaluationSettings settings, ResolvedSettings resolved)
    {
        ServedModel model;
        try
        {
            model = _catalog.Resolve(settings.Model);
        }
        catch (FieldException e)
        {
            throw e.Within("settings");
        }
        if (candidate.TeacherSteps != settings.TeacherSteps)
            throw new FieldException("candidate", $"covers {candidate.TeacherSteps} teacher steps but settings.teacher_steps is {settings.TeacherSteps}");
        var deepest = candidate.Segments.Where(s => s.Interval > 1).Select(s => s.Branch).DefaultIfEmpty(-1).Max();
        if (deepest >= model.BranchCount)
            throw new FieldException("candidate", $"uses branch {deepest} but model '{model.Name}' has branches 0..{model.BranchCount - 1}");
        return new ScoringJob(model, candidate, settings with { Model = model.Name }, resolved);
    }

    private async Task<T> OnDeviceAsync<T>(ScoringJob job, Func<EvaluationContext, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _queueDepth);
        try
        {
            var queued = Stopwatch.StartNew();
            await _device.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
                // The device may be granted just as the job is cancelled: a cancelled job never starts.
                cancellationToken.ThrowIfCancellationRequested();
                _observer?.JobStarted(job, queued.Elapsed);
                var running = Stopwatch.StartNew();
                try
                {
                    // Off the caller's thread: the torch work is synchronous and takes seconds.
                    return await Task.Run(async () =>
                    {
                        var context = Context(job);
                        await EnsureTeacherAsync(context, job, cancellationToken).ConfigureAwait(false);
                        return await work(context, cancellationToken).ConfigureAwait(false);
                    }, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _observer?.JobFinished(job, running.Elapsed);
                }
            }
            finally
            {
                _device.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _queueDepth);
        }
    }
}
