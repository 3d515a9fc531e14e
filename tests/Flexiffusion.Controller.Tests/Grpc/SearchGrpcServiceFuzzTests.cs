using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Contracts.Errors;
using Flexiffusion.Controller.Tests.TestSupport;
using Flexiffusion.Testing.Fuzzing;
using Google.Protobuf;
using Grpc.Core;

namespace Flexiffusion.Controller.Tests.Grpc;

/// <summary>
/// Bounded-time fuzzing of every SearchService handler over real gRPC: requests with random fields changed anywhere in
/// their tree (<see cref="ProtoMutator"/>). Each is answered with OK or a clear client-error status — never INTERNAL or
/// UNKNOWN — an INVALID_ARGUMENT names its field, and afterwards the controller still runs a search to the engine's result.
/// </summary>
public sealed class SearchGrpcServiceFuzzTests : IAsyncLifetime
{
    private static readonly StatusCode[] ClientErrors =
        [StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.AlreadyExists, StatusCode.FailedPrecondition, StatusCode.ResourceExhausted];

    private SyntheticEvaluatorServer _evaluator = null!;
    private TestController _controller = null!;

    public async Task InitializeAsync()
    {
        _evaluator = await SyntheticEvaluatorServer.StartAsync("eval-a");
        _controller = await TestController.StartAsync([_evaluator.Address]);
    }

    public async Task DisposeAsync()
    {
        await _controller.DisposeAsync();
        await _evaluator.DisposeAsync();
    }

    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(60);

    [Fact]
    public async Task CreateSearch_RandomlyMutatedRequests_OkOrAClientErrorNamingTheFieldAndTheControllerKeepsServing()
    {
        var random = new Random(2026_11_29);
        var mutator = new ProtoMutator(random);
        int accepted = 0, refused = 0;
        for (int i = 0; i < 300; i++)
        {
            var request = mutator.Mutate(Requests.Small(), edits: random.Next(1, 5));
            try
            {
                var search = await _controller.Client.CreateSearchAsync(request, deadline: Deadline);
                accepted++;
                await _controller.Client.CancelSearchAsync(new CancelSearchRequest { Name = search.Name }, deadline: Deadline);
            }
            catch (RpcException e)
            {
                AssertClientError(e, request);
                refused++;
            }
        }

        Assert.True(accepted >= 10 && refused >= 10, $"{accepted} accepted and {refused} refused: the mutations no longer reach both paths");
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task OtherHandlers_RandomlyMutatedRequests_OkOrAClientErrorAndTheControllerKeepsServing()
    {
        var random = new Random(7);
        var mutator = new ProtoMutator(random);
        var created = await _controller.Client.CreateSearchAsync(Requests.Small("known"), deadline: Deadline);
        for (int i = 0; i < 200; i++)
        {
            try
            {
                switch (i % 6)
                {
                    case 0: await _controller.Client.GetSearchAsync(mutator.Mutate(new GetSearchRequest { Name = created.Name }, 1), deadline: Deadline); break;
                    case 1: await _controller.Client.ListSearchesAsync(mutator.Mutate(new ListSearchesRequest { PageSize = 2 }, 2), deadline: Deadline); break;
                    case 2: await _controller.Client.CancelSearchAsync(mutator.Mutate(new CancelSearchRequest { Name = "searches/ghost" }, 1), deadline: Deadline); break;
                    case 3: await _controller.Client.ResumeSearchAsync(mutator.Mutate(new ResumeSearchRequest { Name = "searches/ghost" }, 1), deadline: Deadline); break;
                    case 4: await _controller.Client.DeleteSearchAsync(mutator.Mutate(new DeleteSearchRequest { Name = "searches/ghost" }, 1), deadline: Deadline); break;
                    default:
                        using (var call = _controller.Client.WatchSearch(mutator.Mutate(new WatchSearchRequest { Name = "searches/ghost" }, 1), deadline: Deadline))
                            await call.ResponseStream.MoveNext();
                        break;
                }
            }
            catch (RpcException e)
            {
                AssertClientError(e, null);
            }
        }

        await AssertStillServesAsync();
    }

    private static void AssertClientError(RpcException e, IMessage? request)
    {
        string shown = request?.ToString() is { } text ? text[..Math.Min(text.Length, 400)] : "";
        Assert.True(ClientErrors.Contains(e.StatusCode), $"{e.StatusCode} ({e.Status.Detail}) for {shown}");
        Assert.True(e.Status.Detail.Length <= StatusText.MaxLength, "the status message is not bounded");
        Assert.False(string.IsNullOrWhiteSpace(e.Status.Detail));
        if (e.StatusCode == StatusCode.InvalidArgument && request is not null)
            Assert.True(FieldViolations.First(e) is { } violation && violation.Field.Length > 0, $"no field named in '{e.Status.Detail}'");
    }

    private async Task AssertStillServesAsync()
    {
        var request = Requests.Small("after-the-fuzz");
        var expected = await Requests.ReferenceAsync(request);
        await _controller.Client.CreateSearchAsync(request, deadline: Deadline);
        var updates = await _controller.WatchAsync("after-the-fuzz");
        Requests.AssertSame(expected, updates[^1].Result);
    }
}
