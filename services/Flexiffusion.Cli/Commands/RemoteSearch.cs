using Flexiffusion.Contracts.Common.V1;
using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Contracts.Errors;
using Flexiffusion.Controller.Grpc;
using Flexiffusion.Search;
using Grpc.Core;
using Flexiffusion.ServiceDefaults.Security;
using SearchSpec = Flexiffusion.Orchestration.Specs.SearchSpec;

namespace Flexiffusion.Cli.Commands;

/// <summary>
/// <c>flexiffusion search --controller URL</c>: sends the same specification the embedded search would
/// run to a search controller over gRPC, and watches it to the end. The same command again re-attaches to the search
/// with that id, and continues it when it was cancelled or failed. Ctrl+C cancels the search on the controller, or,
/// with <c>--detach</c>, leaves it running.
/// </summary>
public static class RemoteSearch
{
    /// <summary>How long Ctrl+C waits for the controller to confirm the cancellation.</summary>
    public static readonly TimeSpan CancelDeadline = TimeSpan.FromSeconds(10);

    /// <summary>Starts (or rejoins, by id) the search on the controller and prints it; returns the exit code.</summary>
    /// <param name="context">Where to print.</param>
    /// <param name="controller">The controller's address.</param>
    /// <param name="credentials">The token and certificates the controller asks for (none on loopback by default).</param>
    /// <param name="spec">What to search.</param>
    /// <param name="id">The search's id; empty: the controller chooses one.</param>
    /// <param name="detach">Whether cancelling (Ctrl+C) leaves the search running on the controller instead of cancelling it there.</param>
    /// <param name="printer">Prints progress and the result.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public static async Task<int> RunAsync(CliContext context, string controller, ClientCredentialOptions credentials, SearchSpec spec, string id, bool detach, SearchPrinter printer,
        CancellationToken cancellationToken)
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
        using var channel = SecureChannel.Create(address.AbsoluteUri, credentials);
        var client = new SearchService.SearchServiceClient(channel);
        string? name = id.Length == 0 ? null : StatusMapping.NameOf(id);
        try
        {
            var request = new CreateSearchRequest { SearchId = id, Search = new Contracts.Controller.V1.Search { Spec = SpecMapping.ToProto(spec) } };
            var started = await client.CreateSearchAsync(request, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: cancellationToken);
            name = started.Name;
            if (started.State is SearchState.Cancelled or SearchState.Failed)
            {
                printer.Notice($"continuing search '{IdOf(started)}' from generation {started.GenerationsDone + 1}");
                await client.ResumeSearchAsync(new ResumeSearchRequest { Name = name }, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: cancellationToken);
            }
            var final = await WatchAsync(client, name, spec.Evolution.Generations, printer, cancellationToken);
            return Finish(context, printer, final, spec.Evaluation.TeacherSteps);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            return await InterruptedAsync(client, name, detach, printer);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            const string SpecPrefix = "search.spec.";
            throw FieldViolations.First(e) is var (field, reason)
                ? FieldOptions.ToUsage(new FieldException(field.StartsWith(SpecPrefix, StringComparison.Ordinal) ? field[SpecPrefix.Length..] : field, reason))
                : new UsageException(e.Status.Detail);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
        {
            throw new UsageException($"the controller at {controller} refused the call: {e.Status.Detail} (give --token-file FILE or set {ControllerAccessOptions.TokenVariable})");
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            throw new UsageException($"--search-id: {e.Status.Detail}");
        }
        catch (RpcException e) when (IsTlsFailure(e))
        {
            context.Error.WriteLine($"flexiffusion: cannot reach the controller at {controller}: its TLS certificate is not trusted (give the CA with --ca-cert)");
            return ExitCodes.Failure;
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

    private static bool IsTlsFailure(RpcException error)
    {
        for (var e = error.Status.DebugException; e is not null; e = e.InnerException)
        {
            if (e is System.Security.Authentication.AuthenticationException)
                return true;
        }
        return false;
    }

    private static async Task<Contracts.Controller.V1.Search> WatchAsync(SearchService.SearchServiceClient client, string name, int generations, SearchPrinter printer, CancellationToken cancellationToken)
    {
        using var call = client.WatchSearch(new WatchSearchRequest { Name = name }, cancellationToken: cancellationToken);
        var warned = new HashSet<string>(StringComparer.Ordinal);
        string waiting = "";
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
                    if (last.Waiting != waiting)
                    {
                        if (last.Waiting.Length > 0)
                            printer.Notice(last.Waiting);
                        else if (last.State == SearchState.Running)
                            printer.Notice($"an evaluator is back; search '{IdOf(last)}' continues");
                        waiting = last.Waiting;
                    }
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

    /// <summary>Ctrl+C: cancels the search on the controller (within <see cref="CancelDeadline"/>), or leaves it running when detached.</summary>
    private static async Task<int> InterruptedAsync(SearchService.SearchServiceClient client, string? name, bool detach, SearchPrinter printer)
    {
        if (name is null)
        {
            printer.Notice("cancelled before the controller named the search");
            return ExitCodes.Cancelled;
        }
        string id = name[StatusMapping.Collection.Length..];
        if (detach)
        {
            printer.Notice($"detached: search '{id}' keeps running on the controller (re-attach with the same command, --id {id})");
            return ExitCodes.Cancelled;
        }
        try
        {
            var status = await client.CancelSearchAsync(new CancelSearchRequest { Name = name }, deadline: DateTime.UtcNow + CancelDeadline, cancellationToken: CancellationToken.None);
            printer.Notice(status.State == SearchState.Cancelled
                ? $"cancelled search '{id}' on the controller (resume with the same command, --id {id}: it continues from its last finished generation)"
                : $"search '{id}' had already ended {status.State} on the controller");
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            printer.Notice($"cancelled before search '{id}' started");
        }
        catch (RpcException e)
        {
            printer.Notice($"could not cancel search '{id}' on the controller ({e.Status.StatusCode}: {e.Status.Detail}); it may still be running");
        }
        return ExitCodes.Cancelled;
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
