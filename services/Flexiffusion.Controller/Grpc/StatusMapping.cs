using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Search.Evaluation;
using Google.Protobuf.WellKnownTypes;
using Domain = Flexiffusion.Search.Evolution;
using Proto = Flexiffusion.Contracts.Controller.V1;

namespace Flexiffusion.Controller.Grpc;

/// <summary>Domain statuses, updates and results as proto messages.</summary>
internal static class StatusMapping
{
    public static Proto.SearchStatus ToProto(SearchStatus status)
    {
        var proto = new Proto.SearchStatus
        {
            SearchId = status.Id,
            State = ToProto(status.State),
            GenerationsDone = status.GenerationsDone,
            GenerationsTotal = status.GenerationsTotal,
            Scored = status.Scored,
            Best = status.Best is { } best ? ToProto(best) : null,
            Result = status.Result is { } result ? ToProto(result) : null,
            Error = status.Error ?? "",
            Created = Timestamp.FromDateTimeOffset(status.Created),
            Updated = Timestamp.FromDateTimeOffset(status.Updated),
        };
        proto.Warnings.AddRange(status.Warnings);
        return proto;
    }

    public static Proto.SearchUpdate ToProto(SearchUpdate update) => update switch
    {
        StateUpdate s => new Proto.SearchUpdate { State = ToProto(s.Status) },
        ProgressUpdate p => new Proto.SearchUpdate
        {
            Progress = new Proto.Progress
            {
                Generation = p.Generation,
                Candidate = ToScore(p.Candidate, p.Evaluation),
                FromCache = p.FromCache,
                Done = p.Done,
                Total = p.Total,
            },
        },
        GenerationUpdate g => new Proto.SearchUpdate { Generation = ToProto(g) },
        ResultUpdate r => new Proto.SearchUpdate { Result = ToProto(r.Result) },
        _ => throw new ArgumentOutOfRangeException(nameof(update), update.GetType().Name, "unknown update"),
    };

    public static Proto.SearchResult ToProto(Domain.SearchResult result)
    {
        var proto = new Proto.SearchResult
        {
            Best = ToProto(result.Best),
            Generations = result.Generations,
            Evaluations = result.Evaluations,
            CacheHits = result.CacheHits,
            Scored = result.History.Count,
        };
        proto.Front.AddRange(result.Front.Select(ToProto));
        proto.Answer = ToProto(result.Answer);
        if (result.Baseline is { } b)
            proto.Baseline = new Proto.BaselineComparison { Name = b.Name, Baseline = ToProto(b.Baseline), Margin = b.Margin };
        if (result.Confirmation is { } c)
        {
            proto.Confirmation = new Proto.Confirmation { Settings = c.Settings };
            proto.Confirmation.Finalists.AddRange(c.Finalists.Select(f => new Proto.ConfirmedCandidate
            {
                Candidate = ToProto(f.Searched),
                ConfirmedRfid = f.Score,
                Baseline = f.Baseline ?? "",
            }));
            if (c.Margin is { } margin)
                proto.Confirmation.Margin = margin;
            proto.Confirmation.Challenger = c.Challenger?.Searched.Text ?? "";
            if (c.ChallengerWinRate is { } rate)
                proto.Confirmation.ChallengerWinRate = rate;
            if (c.MarginInterval is { } interval)
            {
                proto.Confirmation.MarginLow = interval.Low;
                proto.Confirmation.MarginHigh = interval.High;
            }
        }
        return proto;
    }

    public static Proto.ScoredCandidate ToProto(Domain.ScoredCandidate candidate) => new()
    {
        Candidate = candidate.Text,
        Rfid = candidate.Score,
        Macs = candidate.Cost.Macs,
        MacSpeedup = candidate.Cost.MacSpeedup,
        Nfe = candidate.Cost.Nfe,
        Generation = candidate.Generation,
    };

    private static Proto.GenerationFinished ToProto(GenerationUpdate update)
    {
        var proto = new Proto.GenerationFinished { Generation = update.Generation, Best = ToProto(update.Best), Scored = update.Scored };
        proto.Front.AddRange(update.Front.Select(ToProto));
        return proto;
    }

    private static Contracts.Common.V1.CandidateScore ToScore(Domain.ScoredCandidate candidate, CandidateEvaluation evaluation)
    {
        var score = new Contracts.Common.V1.CandidateScore
        {
            Candidate = candidate.Text,
            Rfid = candidate.Score,
            Kid = evaluation.Kid ?? 0,
            Macs = candidate.Cost.Macs,
            MacSpeedup = candidate.Cost.MacSpeedup,
            Nfe = candidate.Cost.Nfe,
            WallSeconds = evaluation.Duration?.TotalSeconds ?? 0,
            ImagesPerSecond = evaluation.ImagesPerSecond ?? 0,
            EvaluatorId = evaluation.EvaluatorId ?? "",
        };
        score.RfidBootstrap.AddRange(evaluation.RfidBootstrap);
        return score;
    }

    private static Proto.SearchState ToProto(SearchState state) => state switch
    {
        SearchState.Pending => Proto.SearchState.Pending,
        SearchState.Running => Proto.SearchState.Running,
        SearchState.Completed => Proto.SearchState.Completed,
        SearchState.Failed => Proto.SearchState.Failed,
        SearchState.Cancelled => Proto.SearchState.Cancelled,
        _ => Proto.SearchState.Unspecified,
    };
}
