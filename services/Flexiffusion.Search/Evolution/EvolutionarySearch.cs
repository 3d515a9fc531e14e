using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Events;
using Flexiffusion.Search.Internal;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Evolution;

/// <summary>
/// The evolutionary search over the segment-wise space (method.md §5). Generation 0 is the first
/// population (known schedules, then random draws); every later generation breeds mutation and
/// crossover children from the best candidates seen so far. Only unseen candidates are scored,
/// each generation as one batch; the result depends only on the request and the scores, not on the
/// order in which evaluations finish or how many evaluators run them.
/// </summary>
public sealed partial class EvolutionarySearch
{
    private readonly SearchRequest _request;
    private readonly IFitnessEvaluator _evaluator;
    private readonly ICandidateCache? _cache;
    private readonly ISearchObserver? _observer;
    private readonly CandidateFactory _factory;
    private readonly CostMetric _metric;
    private readonly string _fingerprint;
    private readonly Dictionary<Candidate, ScoredCandidate> _scored = [];
    private readonly List<ScoredCandidate> _history = [];
    private bool _cacheBroken;
    private int _evaluations;
    private int _cacheHits;

    /// <summary>Creates a search; the request is validated here.</summary>
    /// <param name="request">What to search.</param>
    /// <param name="evaluator">Scores candidates.</param>
    /// <param name="cache">Remembers scores across searches (optional).</param>
    /// <param name="observer">Receives progress events (optional).</param>
    /// <exception cref="ArgumentException">The request is invalid; the parameter name says which field.</exception>
    public EvolutionarySearch(SearchRequest request, IFitnessEvaluator evaluator, ICandidateCache? cache = null, ISearchObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(evaluator);
        request.Validate();
        _request = request;
        _evaluator = evaluator;
        _cache = cache;
        _observer = observer;
        _factory = new CandidateFactory(request);
        _metric = request.Budget.Metric;
        _fingerprint = request.Fingerprint();
    }

    /// <summary>Runs the search to the end, or continues it from <paramref name="resumeFrom"/>.</summary>
    /// <exception cref="ArgumentException">The snapshot belongs to a different request or is inconsistent with it.</exception>
    /// <exception cref="InvalidOperationException">The evaluator returned an unknown, duplicate or missing candidate.</exception>
    public async Task<SearchResult> RunAsync(SearchSnapshot? resumeFrom = null, CancellationToken cancellationToken = default)
    {
        int start = resumeFrom is null ? 0 : Restore(resumeFrom);
        int completed = start;
        for (int generation = start; generation < _request.Evolution.Generations; generation++)
        {
            var rng = new SearchRandom(_request.Seed, generation, stream: 0);
            var proposals = generation == 0 ? FirstPopulation(rng) : Breed(rng);
            if (proposals.Count == 0)
                break;
            await ScoreAsync(generation, proposals, cancellationToken).ConfigureAwait(false);
            completed = generation + 1;
            await EmitAsync(new GenerationFinished(generation, Best(), Front(), Snapshot(completed)), cancellationToken).ConfigureAwait(false);
        }
        if (_history.Count == 0)
            throw new InvalidOperationException("the search scored no candidate");
        return new SearchResult(Best(), Front(), [.. _history], completed, _evaluations, _cacheHits);
    }

    /// <summary>The state after <paramref name="completedGenerations"/> generations.</summary>
    private SearchSnapshot Snapshot(int completedGenerations) => new(
        _fingerprint,
        completedGenerations,
        [.. _history.Select(h => new SnapshotEntry(h.Text, h.Score, h.Generation))]);

    private int Restore(SearchSnapshot snapshot)
    {
        if (snapshot.Fingerprint != _fingerprint)
            throw new ArgumentException("resumeFrom: the snapshot was taken for a different search request", nameof(snapshot));
        if (snapshot.CompletedGenerations < 0 || snapshot.CompletedGenerations > _request.Evolution.Generations)
            throw new ArgumentException($"resumeFrom: {snapshot.CompletedGenerations} completed generations is outside 0..{_request.Evolution.Generations}", nameof(snapshot));
        foreach (var entry in snapshot.Evaluated)
        {
            if (!Candidate.TryParse(entry.Candidate, _request.Space.TeacherSteps, out var candidate, out string? error))
                throw new ArgumentException($"resumeFrom: bad candidate '{entry.Candidate}': {error}", nameof(snapshot));
            Record(new ScoredCandidate(candidate!, _factory.Costs.Evaluate(candidate!), entry.Score, entry.Generation));
        }
        return snapshot.CompletedGenerations;
    }

    private void Record(ScoredCandidate scored)
    {
        if (!_scored.TryAdd(scored.Candidate, scored))
            throw new InvalidOperationException($"candidate '{scored.Text}' was scored twice");
        _history.Add(scored);
    }

    /// <summary>The lowest score; ties go to the cheaper, then to the canonical text.</summary>
    private ScoredCandidate Best() => _history
        .OrderBy(h => h.RankScore)
        .ThenBy(h => h.Cost.In(_metric))
        .ThenBy(h => h.Text, StringComparer.Ordinal)
        .First();

    private IReadOnlyList<ScoredCandidate> Front() => ParetoFront.Of(_history, _metric);

    private async ValueTask EmitAsync(SearchEvent searchEvent, CancellationToken cancellationToken)
    {
        if (_observer is not null)
            await _observer.OnEventAsync(searchEvent, cancellationToken).ConfigureAwait(false);
    }
}
