using Flexiffusion.Scoring.Internal;
using Flexiffusion.Scoring.Models;
using Flexiffusion.Identity;
using Flexiffusion.Plans;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Scoring;

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
        Identity = settings.Identity(model.Description);
        Cost = new CostModel(model.Description.Costs).Evaluate(candidate);
    }

    /// <summary>The model that runs the candidate.</summary>
    public ServedModel Model { get; }

    /// <summary>The candidate.</summary>
    public Candidate Candidate { get; }

    /// <summary>The settings, with <see cref="EvaluationSettings.Model"/> set to the resolved model's name.</summary>
    public EvaluationSettings Settings { get; }

    /// <summary>The per-position plan the pipeline runs.</summary>
    public StepPlan Plan { get; }

    /// <summary>The candidate's cost on the model, from the cost table the controller budgets with (the same numbers as the plan's MAC count).</summary>
    public CandidateCost Cost { get; }

    /// <summary>The evaluation identity (<see cref="EvaluationSettings.Identity"/>): the key of the teacher's features and of the score.</summary>
    public EvaluationIdentity Identity { get; }

    internal ResolvedSettings Resolved { get; }
}
