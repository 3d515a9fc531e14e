using Flexiffusion.Contracts.Controller.V1;
using SearchManager = Flexiffusion.Orchestration.Searches.SearchManager;
using Flexiffusion.Orchestration.Specs;
using Grpc.Core;

namespace Flexiffusion.Controller.Grpc;

/// <summary>
/// The Controller gRPC service: translates between proto and the <see cref="SearchManager"/> and maps
/// errors to status codes (bad input INVALID_ARGUMENT naming the field, unknown id NOT_FOUND, nothing
/// to resume FAILED_PRECONDITION, no evaluator UNAVAILABLE).
/// </summary>
public sealed class ControllerService(SearchManager manager, ILogger<ControllerService> logger) : Contracts.Controller.V1.Controller.ControllerBase
{
    /// <inheritdoc />
    public override Task<SearchStatus> StartSearch(StartSearchRequest request, ServerCallContext context) => GuardAsync(async () =>
    {
        var spec = SpecMapping.ToSpec(request);
        string? id = request.SearchId.Length == 0 ? null : request.SearchId;
        return StatusMapping.ToProto(await manager.StartAsync(spec, id, context.CancellationToken).ConfigureAwait(false));
    });

    /// <inheritdoc />
    public override Task WatchSearch(WatchSearchRequest request, IServerStreamWriter<SearchUpdate> responseStream, ServerCallContext context) => GuardAsync(async () =>
    {
        var updates = manager.Watch(request.SearchId, context.CancellationToken);
        await foreach (var update in updates.ConfigureAwait(false))
            await responseStream.WriteAsync(StatusMapping.ToProto(update), context.CancellationToken).ConfigureAwait(false);
        return true;
    });

    /// <inheritdoc />
    public override Task<SearchStatus> GetSearch(GetSearchRequest request, ServerCallContext context) =>
        GuardAsync(() => Task.FromResult(StatusMapping.ToProto(manager.Get(request.SearchId))));

    /// <inheritdoc />
    public override Task<ListSearchesResponse> ListSearches(ListSearchesRequest request, ServerCallContext context) => GuardAsync(() =>
    {
        var response = new ListSearchesResponse();
        response.Searches.AddRange(manager.List().Select(StatusMapping.ToProto));
        return Task.FromResult(response);
    });

    /// <inheritdoc />
    public override Task<SearchStatus> CancelSearch(CancelSearchRequest request, ServerCallContext context) => GuardAsync(async () =>
        StatusMapping.ToProto(await manager.CancelAsync(request.SearchId, context.CancellationToken).ConfigureAwait(false)));

    /// <inheritdoc />
    public override Task<SearchStatus> ResumeSearch(ResumeSearchRequest request, ServerCallContext context) => GuardAsync(async () =>
        StatusMapping.ToProto(await manager.ResumeAsync(request.SearchId, context.CancellationToken).ConfigureAwait(false)));

    private async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException)
        {
            var status = e switch
            {
                SearchSpecException or ArgumentException => new Status(StatusCode.InvalidArgument, e.Message),
                KeyNotFoundException => new Status(StatusCode.NotFound, e.Message),
                TimeoutException => new Status(StatusCode.Unavailable, e.Message),
                OperationCanceledException => new Status(StatusCode.Cancelled, "the call was cancelled"),
                InvalidOperationException or ObjectDisposedException => new Status(StatusCode.FailedPrecondition, e.Message),
                _ => new Status(StatusCode.Internal, $"{e.GetType().Name}: {e.Message}"),
            };
            if (status.StatusCode == StatusCode.Internal)
                ServiceLog.Unexpected(logger, e);
            throw new RpcException(status);
        }
    }
}
