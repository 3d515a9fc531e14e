using Flexiffusion.Contracts.Mapping;
using Flexiffusion.Orchestration.Searches;
using Google.Protobuf.WellKnownTypes;
using Domain = Flexiffusion.Search.Evolution;
using Proto = Flexiffusion.Contracts.Controller.V1;

namespace Flexiffusion.Controller.Grpc;

/// <summary>Searches, updates and results from the domain to the wire (the other way is never needed).</summary>
public static class StatusMapping
{
    /// <summary>The collection part of every search's name.</summary>
    public const string Collection = "searches/";

    /// <summary>A search's resource name, <c>searches/{id}</c>.</summary>
    public static string NameOf(string id) => Collection + id;

    /// <summary>A search as the <c>Search</c> resource.</summary>
    public static Proto.Search ToProto(SearchStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var proto = new Proto.Search
        {
            Name = NameOf(status.Id),
            Spec = status.Spec is { } spec ? SpecMapping.ToProto(spec) : null,
            State = ToProto(status.State),
            GenerationsDone = status.GenerationsDone,
            GenerationsTotal = status.GenerationsTotal,
            Scored = status.Scored,
            Best = status.Best is { } best ? ScoreMapping.ToProto(best) : null,
            Result = status.Result is { } result ? ToProto(result) : null,
            Error = status.Error ?? "",
            Waiting = status.Waiting ?? "",
            CreateTime = Timestamp.FromDateTimeOffset(status.Created),
            UpdateTime = Timestamp.FromDateTimeOffset(status.Updated),
        };
        proto.Warnings.AddRange(status.Warnings);
        return proto;
    }

    /// <summary>A watch update.</summary>
    public static Proto.SearchUpdate ToProto(SearchUpdate update) => update switch
    {
        StateUpdate s => new Proto.SearchUpdate { Search = ToProto(s.Status) },
        ProgressUpdate p => new Proto.SearchUpdate
        {
            Progress = new Proto.Progress
            {
                Generation = p.Generation,
                Candidate = ScoreMapping.ToProto(p.Candidate),
                FromCache = p.FromCache,
                Done = p.Done,
                Total = p.Total,
            },
        },
        GenerationUpdate g => new Proto.SearchUpdate { Generation = ToProto(g) },
        ResultUpdate r => new Proto.SearchUpdate { Result = ToProto(r.Result) },
        _ => throw new ArgumentOutOfRangeException(nameof(update), update?.GetType().Name, "unknown update"),
    };

    /// <summary>A search's result.</summary>
    public static Proto.SearchResult ToProto(Domain.SearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var proto = new Proto.SearchResult
        {
            Best = ScoreMapping.ToProto(result.Best),
            Generations = result.Generations,
            Evaluations = result.Evaluations,
            CacheHits = result.CacheHits,
            Scored = result.History.Count,
            Answer = ScoreMapping.ToProto(result.Answer),
        };
        proto.Front.AddRange(result.Front.Select(c => ScoreMapping.ToProto(c)));
        if (result.Baseline is { } b)
            proto.Baseline = new Proto.BaselineComparison { Name = b.Name, Baseline = ScoreMapping.ToProto(b.Baseline), Margin = b.Margin };
        if (result.Confirmation is { } c)
            proto.Confirmation = ToProto(c);
        return proto;
    }

    /// <summary>The domain state of a wire one (for list filters); null for unspecified.</summary>
    public static SearchState? ToDomain(Proto.SearchState state) => state switch
    {
        Proto.SearchState.Pending => SearchState.Pending,
        Proto.SearchState.Running => SearchState.Running,
        Proto.SearchState.Completed => SearchState.Completed,
        Proto.SearchState.Failed => SearchState.Failed,
        Proto.SearchState.Cancelled => SearchState.Cancelled,
        Proto.SearchState.Unspecified => null,
        _ => throw new Search.FieldException("state", $"unknown value {(int)state}"),
    };

    private static Proto.Confirmation ToProto(Domain.Confirmation c)
    {
        var proto = new Proto.Confirmation { Settings = c.Settings, Challenger = c.Challenger?.Searched.Text ?? "" };
        proto.Finalists.AddRange(c.Finalists.Select(f => new Proto.ConfirmedCandidate
        {
            Candidate = ScoreMapping.ToProto(f.Searched),
            ConfirmedRfid = f.Score,
            Baseline = f.Baseline ?? "",
        }));
        if (c.Margin is { } margin)
            proto.Margin = margin;
        if (c.ChallengerWinRate is { } rate)
            proto.ChallengerWinRate = rate;
        if (c.MarginInterval is { } interval)
        {
            proto.MarginLow = interval.Low;
            proto.MarginHigh = interval.High;
        }
        return proto;
    }

    private static Proto.GenerationFinished ToProto(GenerationUpdate update)
    {
        var proto = new Proto.GenerationFinished { Generation = update.Generation, Best = ScoreMapping.ToProto(update.Best), Scored = update.Scored };
        proto.Front.AddRange(update.Front.Select(c => ScoreMapping.ToProto(c)));
        return proto;
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
