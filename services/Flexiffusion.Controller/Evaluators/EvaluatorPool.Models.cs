using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Search.Evaluation;
using Grpc.Core;

namespace Flexiffusion.Controller.Evaluators;

public sealed partial class EvaluatorPool
{
    /// <summary>
    /// The models every available evaluator serves (GetInfo). All evaluators must serve the same
    /// models with the same weights and feature network, or their scores would not be comparable.
    /// Waits for an evaluator (at most the call timeout) when none is available yet.
    /// </summary>
    /// <exception cref="TimeoutException">No evaluator became available.</exception>
    /// <exception cref="InvalidOperationException">The evaluators disagree, or none answered GetInfo.</exception>
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
            throw new InvalidOperationException($"no evaluator answered GetInfo ({string.Join("; ", errors)})");
        return ModelInfos.Agree(answers);
    }

    private async Task<List<EvaluatorEndpoint>> AvailableEndpointsAsync(CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.CallTimeout;
        while (true)
        {
            lock (_gate)
            {
                var available = _endpoints.Values.Where(e => e.IsAvailable).OrderBy(e => e.Address, StringComparer.Ordinal).ToList();
                if (available.Count > 0)
                    return available;
                if (_time.GetUtcNow() >= deadline)
                {
                    string known = _endpoints.Count == 0 ? "none configured" : string.Join(", ", _endpoints.Keys.Order(StringComparer.Ordinal));
                    throw new TimeoutException($"no evaluator became available within {_options.CallTimeout} (evaluators: {known})");
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
