namespace Flexiffusion.Search.Evaluation;

/// <summary>
/// Implemented by an evaluation backend whose evaluators come and go (the controller's pool): tells, per model, when
/// candidates are waiting because no evaluator serves the model, and why. Searches stay running meanwhile and show it.
/// </summary>
public interface IEvaluationAvailability
{
    /// <summary>Raised, outside any lock of the backend, after candidates of a model started or stopped waiting for an evaluator.</summary>
    event EventHandler<ModelKey>? WaitingChanged;

    /// <summary>Why candidates of <paramref name="model"/> wait without an evaluator, or null when none waits.</summary>
    string? WaitingReason(ModelKey model);
}
