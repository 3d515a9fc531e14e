using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Search.Evaluation;
using Grpc.Core;

namespace Flexiffusion.Controller.Evaluators;

public sealed partial class EvaluatorPool
{
    /// <summary>
    /// The models every available evaluator serves (GetEvaluatorInfo). All evaluators must serve the same models with
    /// the same weights and feature network, or their scores would not be comparable. Waits for an evaluator (at most
    /// the call timeout) when none is available yet.
    /// </summary>
    /// <exception cref="TimeoutException">No evaluator became available.</exception>
    /// <exception cref="InvalidOperationException">The evaluators disagree, or none answered GetEvaluatorInfo.</exception>
    public async ValueTask<IReadOnlyList<ModelDescription>> ModelsAsync(CancellationToken cancellationToken)
    {
        var endpoints = await AvailableEndpointsAsync(cancellationToken).ConfigureAwait(false);
        var calls = endpoints.Select(e => (e.Address, Info: e.GetInfoAsync(cancellationToken))).ToList();
        var answers = new List<(string Address, EvaluatorInfo Info)>();
        var errors = new List<string>();
        foreach (var (address, info) in calls)
        {
            try
            {
                answers.Add((address, await info.ConfigureAwait(false)));
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                EndpointLog.InfoFailed(_logger, e, address);
                errors.Add($"{address}: {e.Status.StatusCode} {e.Status.Detail}");
            }
        }
        if (answers.Count == 0)
            throw new InvalidOperationException($"no evaluator answered GetEvaluatorInfo ({string.Join("; ", errors)})");
        return ModelInfos.Agree(answers);
    }

    private async Task<List<EvaluatorEndpoint>> AvailableEndpointsAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.CallTimeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
                var available = _endpoints.Values.Where(e => e.IsAvailable).OrderBy(e => e.Address, StringComparer.Ordinal).ToList();
                if (available.Count > 0)
                    return available;
            }
            try
            {
                await changed.WaitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                string known = Describe();
                throw new TimeoutException($"no evaluator became available within {_options.CallTimeout} (evaluators: {(known.Length == 0 ? "none configured" : known)})");
            }
        }
    }
}
