using Flexiffusion.Scoring;
using Grpc.Core;

namespace Flexiffusion.Evaluator.Hosting;

/// <summary>The evaluator's loaded models and scorer, available once the background loader has finished.</summary>
internal sealed class EvaluatorState : IDisposable
{
    private volatile CandidateScorer? _scorer;
    private volatile bool _serving;

    /// <summary>The scorer once the models are loaded (null before).</summary>
    public CandidateScorer? Scorer => _scorer;

    /// <summary>Whether models are loaded and warm teachers computed.</summary>
    public bool IsServing => _serving;

    /// <summary>Records the loaded models' scorer.</summary>
    public void Loaded(CandidateScorer scorer) => _scorer = scorer;

    /// <summary>Marks the evaluator ready for requests.</summary>
    public void Serving() => _serving = true;

    /// <summary>The scorer when serving; otherwise UNAVAILABLE, which callers may retry elsewhere.</summary>
    public CandidateScorer RequireServing() => _serving && _scorer is { } scorer
        ? scorer
        : throw new RpcException(new Status(StatusCode.Unavailable, "the evaluator is still loading its models and teachers (health NOT_SERVING); retry later"));

    public void Dispose()
    {
        var scorer = _scorer;
        _scorer = null;
        if (scorer is not null)
        {
            scorer.Dispose();
            scorer.Catalog.Dispose();
        }
    }
}
