using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Contracts.Errors;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Search;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Flexiffusion.Controller.Grpc;

/// <summary>
/// The gRPC <c>SearchService</c>: translates between the contract and the <see cref="SearchManager"/> and maps errors to
/// status codes (bad input or a size over its limit INVALID_ARGUMENT with a <c>google.rpc.BadRequest</c> naming the
/// field, unknown search NOT_FOUND, another spec under a known id ALREADY_EXISTS, too many pending searches or watchers
/// RESOURCE_EXHAUSTED, nothing to resume or a running search to delete
/// FAILED_PRECONDITION, no evaluator UNAVAILABLE). INTERNAL never carries an exception's text: that stays in the log.
/// </summary>
public sealed class SearchGrpcService(SearchManager manager, ILogger<SearchGrpcService> logger) : SearchService.SearchServiceBase
{
    /// <summary>Searches per page when the request names no size.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The most searches one page holds (larger sizes are coerced to it).</summary>
    public const int MaxPageSize = 1000;

    /// <inheritdoc />
    public override Task<Contracts.Controller.V1.Search> CreateSearch(CreateSearchRequest request, ServerCallContext context) => GuardAsync("search.spec.", async () =>
    {
        var spec = SpecMapping.ToDomain(request.Search?.Spec);
        string? id = request.SearchId.Length == 0 ? null : request.SearchId;
        return StatusMapping.ToProto(await manager.StartAsync(spec, id, context.CancellationToken).ConfigureAwait(false));
    });

    /// <inheritdoc />
    public override Task WatchSearch(WatchSearchRequest request, IServerStreamWriter<Contracts.Controller.V1.SearchUpdate> responseStream, ServerCallContext context) => GuardAsync("", async () =>
    {
        var updates = manager.Watch(IdOf(request.Name), context.CancellationToken);
        await foreach (var update in updates.ConfigureAwait(false))
            await responseStream.WriteAsync(StatusMapping.ToProto(update), context.CancellationToken).ConfigureAwait(false);
        return true;
    });

    /// <inheritdoc />
    public override Task<Contracts.Controller.V1.Search> GetSearch(GetSearchRequest request, ServerCallContext context) =>
        GuardAsync("", () => Task.FromResult(StatusMapping.ToProto(manager.Get(IdOf(request.Name)))));

    /// <inheritdoc />
    public override Task<ListSearchesResponse> ListSearches(ListSearchesRequest request, ServerCallContext context) => GuardAsync("", () =>
    {
        if (request.PageSize < 0)
            throw new FieldException("page_size", $"must be ≥ 0 (got {request.PageSize})");
        int size = request.PageSize == 0 ? DefaultPageSize : Math.Min(request.PageSize, MaxPageSize);
        var state = StatusMapping.ToDomain(request.State);
        int offset = PageToken.Read(request.PageToken, request.State);
        var matching = manager.List().Where(s => state is null || s.State == state).Reverse().ToList();
        var response = new ListSearchesResponse();
        response.Searches.AddRange(matching.Skip(offset).Take(size).Select(StatusMapping.ToProto));
        if (offset + size < matching.Count)
            response.NextPageToken = PageToken.Write(offset + size, request.State);
        return Task.FromResult(response);
    });

    /// <inheritdoc />
    public override Task<Contracts.Controller.V1.Search> CancelSearch(CancelSearchRequest request, ServerCallContext context) => GuardAsync("", async () =>
        StatusMapping.ToProto(await manager.CancelAsync(IdOf(request.Name), context.CancellationToken).ConfigureAwait(false)));

    /// <inheritdoc />
    public override Task<Contracts.Controller.V1.Search> ResumeSearch(ResumeSearchRequest request, ServerCallContext context) => GuardAsync("", async () =>
        StatusMapping.ToProto(await manager.ResumeAsync(IdOf(request.Name), context.CancellationToken).ConfigureAwait(false)));

    /// <inheritdoc />
    public override Task<Empty> DeleteSearch(DeleteSearchRequest request, ServerCallContext context) => GuardAsync("", async () =>
    {
        await manager.DeleteAsync(IdOf(request.Name), context.CancellationToken).ConfigureAwait(false);
        return new Empty();
    });

    private static string IdOf(string name)
    {
        if (!name.StartsWith(StatusMapping.Collection, StringComparison.Ordinal) || name.Length == StatusMapping.Collection.Length)
            throw new FieldException("name", $"'{name}' is not a search's name (searches/{{search_id}})");
        return name[StatusMapping.Collection.Length..];
    }

    private async Task<T> GuardAsync<T>(string specPrefix, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (FieldException e)
        {
            // search_id is a field of the request itself; every other field lies in the spec.
            throw FieldViolations.InvalidArgument(e.Field == "search_id" ? e.Field : specPrefix + e.Field, e.Reason);
        }
        catch (ArgumentException e)
        {
            var (field, reason) = FieldViolations.Of(e);
            throw FieldViolations.InvalidArgument(field, reason);
        }
        catch (Exception e) when (e is not RpcException)
        {
            var status = e switch
            {
                KeyNotFoundException => new Status(StatusCode.NotFound, StatusText.Bound(e.Message)),
                SearchExistsException => new Status(StatusCode.AlreadyExists, StatusText.Bound(e.Message)),
                SearchCapacityException => new Status(StatusCode.ResourceExhausted, StatusText.Bound(e.Message)),
                TimeoutException => new Status(StatusCode.Unavailable, StatusText.Bound(e.Message)),
                OperationCanceledException => new Status(StatusCode.Cancelled, "the call was cancelled"),
                InvalidOperationException or ObjectDisposedException => new Status(StatusCode.FailedPrecondition, StatusText.Bound(e.Message)),
                _ => new Status(StatusCode.Internal, "internal error; the controller's log has the details"),
            };
            if (status.StatusCode == StatusCode.Internal)
                ServiceLog.Unexpected(logger, e);
            throw new RpcException(status);
        }
    }
}
