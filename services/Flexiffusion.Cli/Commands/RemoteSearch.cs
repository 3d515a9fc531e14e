using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Orchestration.Specs;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evolution;
using Grpc.Core;
using Grpc.Net.Client;
using ProtoEvaluation = Flexiffusion.Contracts.Common.V1.EvaluationSettings;
using ProtoSpace = Flexiffusion.Contracts.Controller.V1.SearchSpace;

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
        catch (SearchSpecException e)
        {
            throw SearchOptions.ToUsage(e);
        }
        using var channel = GrpcChannel.ForAddress(address);
        var client = new Contracts.Controller.V1.Controller.ControllerClient(channel);
        try
        {
            var started = await client.StartSearchAsync(ToProto(spec, id), deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: cancellationToken);
            var final = await WatchAsync(client, started.SearchId, spec.Evolution.Generations, printer, cancellationToken);
            return Finish(context, printer, final, spec.Evaluation.TeacherSteps);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            int colon = e.Status.Detail.IndexOf(':', StringComparison.Ordinal);
            throw colon > 0
                ? SearchOptions.ToUsage(new SearchSpecException(e.Status.Detail[..colon], e.Status.Detail[(colon + 1)..].Trim()))
                : new UsageException(e.Status.Detail);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            context.Error.WriteLine($"flexiffusion: cannot reach the controller at {controller}: {e.Status.Detail}");
            return ExitCodes.Failure;
        }
    }

    private static async Task<SearchStatus> WatchAsync(Contracts.Controller.V1.Controller.ControllerClient client, string id, int generations, SearchPrinter printer, CancellationToken cancellationToken)
    {
        using var call = client.WatchSearch(new WatchSearchRequest { SearchId = id }, cancellationToken: cancellationToken);
        var warned = new HashSet<string>(StringComparer.Ordinal);
        SearchStatus? last = null;
        Contracts.Controller.V1.SearchResult? result = null;
        await foreach (var update in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            switch (update.KindCase)
            {
                case SearchUpdate.KindOneofCase.State:
                    last = update.State;
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
        var final = await client.GetSearchAsync(new GetSearchRequest { SearchId = id }, cancellationToken: cancellationToken);
        if (result is not null && final.Result is null)
            final.Result = result;
        return final;
    }

    private static int Finish(CliContext context, SearchPrinter printer, SearchStatus status, int teacherSteps)
    {
        if (status.State != SearchState.Completed || status.Result is null)
        {
            context.Error.WriteLine($"flexiffusion: search '{status.SearchId}' ended {status.State}{(status.Error.Length == 0 ? "" : ": " + status.Error)}");
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
        printer.Result(status.SearchId, new SearchPrinter.ResultView(Line(r.Best), [.. r.Front.Select(Line)], r.Generations, r.Scored, r.Evaluations, r.CacheHits,
            Line(r.Answer ?? r.Best), baseline, confirmation), teacherSteps);
        return ExitCodes.Ok;
    }

    private static SearchPrinter.CandidateLine Line(Contracts.Controller.V1.ScoredCandidate c) => new(c.Candidate, c.Rfid, c.Macs, c.MacSpeedup, c.Nfe, c.Generation);

    /// <summary>The domain specification as the contract's request.</summary>
    public static StartSearchRequest ToProto(SearchSpec spec, string id)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var space = new ProtoSpace
        {
            MinInterval = spec.Space.MinInterval,
            UnequalSegments = spec.Space.UnequalSegments,
            MinSegmentLength = spec.Space.MinSegmentLength,
        };
        space.SegmentCounts.AddRange(spec.Space.SegmentCounts);
        space.Branches.AddRange(spec.Space.Branches);
        if (spec.Space.MaxInterval is { } maxInterval)
            space.MaxInterval = maxInterval;
        if (spec.Space.MaxSegmentLength is { } maxLength)
            space.MaxSegmentLength = maxLength;
        var budget = new Budget { Metric = spec.Budget.Metric == CostMetric.Macs ? "macs" : "latency" };
        if (spec.Budget.MinSpeedup is { } speedup)
            budget.MinSpeedup = speedup;
        if (spec.Budget.MaxCost is { } maxCost)
        {
            if (spec.Budget.Metric == CostMetric.Latency)
                budget.MaxLatencyMs = maxCost;
            else
                budget.MaxMacs = maxCost;
        }
        var e = spec.Evolution;
        var evolution = new EvolutionSettings
        {
            PopulationSize = e.PopulationSize,
            ParentCount = e.ParentCount,
            MutationChildren = e.MutationChildren,
            CrossoverChildren = e.CrossoverChildren,
            MutationProbability = e.MutationProbability,
            RetileProbability = e.RetileProbability,
            Generations = e.Generations,
            Objective = e.Objective == SearchObjective.Pareto ? "pareto" : "single",
            Finalists = e.Finalists,
        };
        evolution.Seeding.AddRange(ScheduleSeedingNames.Format(e.Seeding));
        var v = spec.Evaluation;
        var evaluation = new ProtoEvaluation
        {
            Model = v.Model,
            Sampler = v.Sampler,
            Reference = v.Reference,
            Eta = v.Eta,
            TeacherSteps = v.TeacherSteps,
            Spacing = v.Spacing,
            Schedule = v.Schedule,
            Nulls = v.Nulls,
            NoiseSeed = v.NoiseSeed,
            Images = v.Images,
            BatchSize = v.BatchSize,
        };
        var confirmation = new Contracts.Controller.V1.ConfirmationSettings { Images = spec.Confirmation.Images, Bootstrap = spec.Confirmation.Bootstrap };
        if (spec.Confirmation.NoiseSeed is { } confirmSeed)
            confirmation.NoiseSeed = confirmSeed;
        return new StartSearchRequest { Space = space, Budget = budget, Evolution = evolution, Evaluation = evaluation, Seed = spec.Seed, SearchId = id, Confirmation = confirmation };
    }
}
