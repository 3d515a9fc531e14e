namespace Flexiffusion.Controller.Evaluators;

/// <summary>An evaluator's stream is down or ended: its candidates go to other evaluators, never retried on this one.</summary>
internal sealed class EndpointUnavailableException(string address, string reason, Exception? inner = null)
    : Exception($"evaluator {address}: {reason}", inner);
