using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Identity;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Metrics.Evaluation;

namespace Flexiffusion.Scoring.Internal;

/// <summary>The pipeline and rFID evaluator of one evaluation identity, built once and reused while it stays cached.</summary>
internal sealed class EvaluationContext
{
    public EvaluationContext(ScoringJob job, IBlobCache cache)
    {
        var model = job.Model;
        var c = model.Config;
        var options = new PipelineOptions { BatchSize = job.Settings.BatchSize, Nulls = job.Resolved.Nulls, Device = model.Device };
        var pipeline = new DiffusionPipeline(model.Network, job.Resolved.Schedule, job.Resolved.CreateSampler(), options);
        var teacher = job.Resolved.CreateReferenceSampler() is { } reference
            ? new DiffusionPipeline(model.Network, job.Resolved.Schedule, reference, options)
            : null;
        Evaluator = new RelativeFidEvaluator(pipeline, job.Resolved.Timesteps, new NoiseBank(job.Settings.NoiseSeed, c.InChannels, c.Resolution, c.Resolution),
            model.Extractor, cache, job.Identity, model.Macs, teacher);
        TeacherKey = StoreKeys.TeacherFeatures(job.Identity);
        LockKey = StoreKeys.TeacherLock(job.Identity);
    }

    /// <summary>The rFID evaluator (holds the teacher's features once loaded).</summary>
    public RelativeFidEvaluator Evaluator { get; }

    /// <summary>The cache key of the teacher's features.</summary>
    public string TeacherKey { get; }

    /// <summary>The key of the teacher lock for this identity.</summary>
    public string LockKey { get; }

    /// <summary>Whether the evaluator holds the teacher's features in memory.</summary>
    public bool TeacherReady { get; set; }
}
