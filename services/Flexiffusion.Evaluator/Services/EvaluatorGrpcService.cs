using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Contracts.Mapping;
using Flexiffusion.Evaluator.Hosting;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Flexiffusion.Evaluator.Services;

/// <summary>The gRPC <c>EvaluatorService</c>: translates between the contract and the scorer, nothing more.</summary>
internal sealed class EvaluatorGrpcService(CandidateRunner runner, EvaluatorState state, IOptions<EvaluatorOptions> options)
    : EvaluatorService.EvaluatorServiceBase
{
    /// <summary>Bidirectional: Ready first, then one result or failure per candidate as each finishes.</summary>
    public override Task Evaluate(IAsyncStreamReader<EvaluateRequest> requestStream, IServerStreamWriter<EvaluateResponse> responseStream, ServerCallContext context)
    {
        state.RequireServing();
        return runner.RunStreamAsync(requestStream, responseStream, context);
    }

    /// <summary>One candidate, unary.</summary>
    public override Task<CandidateResult> EvaluateCandidate(EvaluateCandidateRequest request, ServerCallContext context) =>
        runner.RunAsync(request, context.Deadline, context.CancellationToken);

    /// <summary>Served models with checksums and cost tables, device, capacity and version.</summary>
    public override Task<EvaluatorInfo> GetEvaluatorInfo(GetEvaluatorInfoRequest request, ServerCallContext context)
    {
        var catalog = state.RequireServing().Catalog;
        var info = new EvaluatorInfo
        {
            EvaluatorId = options.Value.Id,
            Version = HostVersion.Text,
            Device = string.Join(",", catalog.Models.Select(m => m.Device.ToString()).Distinct()),
            Capacity = options.Value.Capacity,
        };
        info.Models.AddRange(catalog.Models.Select(m => ModelMapping.ToProto(m.Description, m.Config.InChannels, m.Config.Resolution)));
        return Task.FromResult(info);
    }
}
