namespace Flexiffusion.Controller.Evaluators;

/// <summary>A retry found no free slot on the evaluator (its earlier attempt may still occupy one): the candidate goes back to the pool.</summary>
internal sealed class EndpointBusyException(string address)
    : Exception($"evaluator {address} has no free slot for a retry");
