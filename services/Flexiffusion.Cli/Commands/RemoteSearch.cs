using Flexiffusion.Contracts.Common.V1;
using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Contracts.Errors;
using Flexiffusion.Controller.Grpc;
using Flexiffusion.Search;
using Grpc.Core;
using Grpc.Net.Client;
using SearchSpec = Flexiffusion.Orchestration.Specs.SearchSpec;

namespace Flexiffusion.Cli.Commands;

/// <summary>
/// <c>flexiffusion search --controller URL</c>: sends the same specification the embedded search would
/// run to a search controller over gRPC, and watches it to the end.
/// </summary>
public static class RemoteSearch
{
    /// <summary>Starts (or rejoins, by id) the search on the controller and prints it; returns the exit code.</summary>
    public static async Task<int> RunAsync(CliContext context, string controller, SearchSpec spec, string id, SearchPrinter printer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(printer);
        if (!Uri.TryCreate(controller, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
            throw new UsageException($"--controller: '{controller}' is not an http:// or https:// address");
        try
        {
            spec.Validate();
        }
        catch (FieldException e)
        {
            throw FieldOptions.ToUsage(e);
        }
        using var channel = GrpcChannel.ForAddress(address);
        var client = new SearchService.SearchServiceClient(channel);
        try
        {
            var request = new CreateSearchRequest { SearchId = id, Search = new Contracts.Controller.V1.Search { Spec = SpecMapping.ToProto(spec) } };
            var started = await client.CreateSearchAsync(request, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: cancellationToken);
            var final = await WatchAsync(client, started.Name, spec.Evolution.Generations, printer, cancellationToken);
            return Finish(context, printer, final, spec.Evaluation.TeacherSteps);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            const string SpecPrefix = "search.spec.";
            throw FieldViolations.First(e) is var (field, reason)
                ? FieldOptions.ToUsage(new FieldException(field.StartsWith(SpecPrefix, StringComparison.Ordinal) ? field[SpecPrefix.Length..] : field, reason))
                : new UsageException(e.Status.Detail);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            throw new UsageException($"--search-id: {e.Status.Detail}");
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            context.Error.WriteLine($"flexiffusion: cannot reach the controller at {controller}: {e.Status.Detail}");
            return ExitCodes.Failure;
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            // E.g. FAILED_PRECONDITION when no evaluator answers, or a stream reset by a controller that died: a message, not a crash.
            context.Error.WriteLine($"flexiffusion: the controller at {controller} answered {e.StatusCode}: {e.Status.Detail}");
            return ExitCodes.Failure;
        }
    }

    private static async Task<Contracts.Controller.V1.Search> WatchAsync(SearchService.SearchServiceClient client, string name, int generations, SearchPrinter printer, CancellationToken cancellationToken)
    {
        using var call = client.WatchSearch(new WatchSearchRequest { Name = name }, cancellationToken: cancellationToken);
        var warned = new HashSet<string>(StringComparer.Ordinal);
        Contracts.Controller.V1.Search? last = null;
        Contracts.Controller.V1.SearchResult? result = null;
        await foreach (var update in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            switch (update.KindCase)
            {
                case SearchUpdate.KindOneofCase.Search:
                    last = update.Search;
                    foreach (string warning in last.Warnings.Where(warned.Add))
                        printer.Warning(warning);
                    break;
                case SearchUpdate.KindOneofCase.Progress:
                    printer.Progress(update.Progress.Generation, generations, update.Progress.Done, update.Progress.Total, update.Progress.FromCache);
                    break;
                case SearchUpdate.KindOneofCase.Generation:
                    var g = update.Generation;
                    printer.Generation(g.Generation, generations, Line(g.Best), g.Front.Count, g.Scored);
                    break;
                case SearchUpdate.KindOneofCase.Result:
                    result = update.Result;
                    break;
            }
        }
        var final = await client.GetSearchAsync(new GetSearchRequest { Name = name }, cancellationToken: cancellationToken);
        if (result is not null && final.Result is null)
            final.Result = result;
        return final;
    }

    private static int Finish(CliContext context, SearchPrinter printer, Contracts.Controller.V1.Search status, int teacherSteps)
    {
        if (status.State != SearchState.Completed || status.Result is null)
        {
            context.Error.WriteLine($"flexiffusion: search '{IdOf(status)}' ended {status.State}{(status.Error.Length == 0 ? "" : ": " + status.Error)}");
            return ExitCodes.Failure;
        }
        var r = status.Result;
        var confirmation = r.Confirmation is { } c
            ? new SearchPrinter.ConfirmationView(c.Settings, [.. c.Finalists.Select(f => new SearchPrinter.FinalistLine(Line(f.Candidate), f.ConfirmedRfid, f.Baseline.Length == 0 ? null : f.Baseline))],
                c.HasMargin ? c.Margin : null)
            {
                Challenger = c.Challenger.Length == 0 ? null : c.Challenger,
                WinRate = c.HasChallengerWinRate ? c.ChallengerWinRate : null,
                MarginLow = c.HasMarginLow ? c.MarginLow : null,
                MarginHigh = c.HasMarginHigh ? c.MarginHigh : null,
            }
            : null;
        var baseline = r.Baseline is { } b ? new SearchPrinter.BaselineLine(b.Name, Line(b.Baseline), b.Margin) : null;
        printer.Result(IdOf(status), new SearchPrinter.ResultView(Line(r.Best), [.. r.Front.Select(Line)], r.Generations, r.Scored, r.Evaluations, r.CacheHits,
            Line(r.Answer ?? r.Best), baseline, confirmation), teacherSteps);
        return ExitCodes.Ok;
    }

    private static SearchPrinter.CandidateLine Line(CandidateScore c) => new(c.Candidate, c.Rfid, c.Macs, c.MacSpeedup, c.Nfe, c.Generation);

    private static string IdOf(Contracts.Controller.V1.Search search) => search.Name[StatusMapping.Collection.Length..];
}
