using Flexiffusion.Evaluation.Internal;
using Flexiffusion.Evaluation.Models;
using Flexiffusion.Metrics.Evaluation;
using Flexiffusion.Plans;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Evaluation.Scoring;

/// <summary>
/// A candidate checked against its settings and model, ready to score: every validation error has
/// already been raised by <see cref="CandidateScorer.Prepare(string, EvaluationSettings)"/>, so what
/// can still fail while scoring is the work itself.
/// </summary>
public sealed class ScoringJob
{
    internal ScoringJob(ServedModel model, Candidate candidate, EvaluationSettings settings, ResolvedSettings resolved)
    {
        Model = model;
        Candidate = candidate;
        Settings = settings;
        Resolved = resolved;
        Plan = candidate.ToPlan();
        Key = settings.Identity(model.Description);
        Identity = new EvaluationIdentity(model.Checksum, resolved.SamplerIdentity(settings.BatchSize), settings.TeacherSteps,
            settings.Spacing, settings.Schedule, settings.NoiseSeed, settings.Images, model.Extractor.Checksum, settings.Nulls, model.Numerics);
    }

    /// <summary>The model that runs the candidate.</summary>
    public ServedModel Model { get; }

    /// <summary>The candidate.</summary>
    public Candidate Candidate { get; }

    /// <summary>The settings, with <see cref="EvaluationSettings.Model"/> set to the resolved model's name.</summary>
    public EvaluationSettings Settings { get; }

    /// <summary>The per-position plan the pipeline runs.</summary>
    public StepPlan Plan { get; }

    /// <summary>The evaluation identity of <see cref="EvaluationSettings.Identity"/> (model, sampler, noise bank, extractor, batch size, …).</summary>
    public string Key { get; }

    /// <summary>The metrics' identity of the teacher features; its sampler component carries the batch size (<c>ddim(eta=0),batch=64</c>).</summary>
    public EvaluationIdentity Identity { get; }

    internal ResolvedSettings Resolved { get; }
}
