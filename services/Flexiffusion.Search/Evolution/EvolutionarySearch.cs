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
    private readonly FinalistScoring? _finalists;
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
    /// <param name="finalists">Scores the finalists again at the end (needed when <see cref="EvolutionOptions.Finalists"/> &gt; 0).</param>
    /// <exception cref="ArgumentException">The request is invalid; the parameter name says which field.</exception>
    public EvolutionarySearch(SearchRequest request, IFitnessEvaluator evaluator, ICandidateCache? cache = null, ISearchObserver? observer = null,
        FinalistScoring? finalists = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(evaluator);
        request.Validate();
        _request = request;
        _evaluator = evaluator;
        _cache = cache;
        _observer = observer;
        if (request.Evolution.Finalists > 0 && finalists is null)
            throw new ArgumentException($"{nameof(EvolutionOptions.Finalists)}: confirming {request.Evolution.Finalists} finalists needs an evaluator for them", nameof(finalists));
        _finalists = request.Evolution.Finalists > 0 ? finalists : null;
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
        var confirmed = resumeFrom?.Confirmed ?? [];
        for (int generation = start; generation < _request.Evolution.Generations; generation++)
        {
            var rng = new SearchRandom(_request.Seed, generation, stream: 0);
            var proposals = generation == 0 ? FirstPopulation(rng, cancellationToken) : Breed(rng, cancellationToken);
            if (proposals.Count == 0)
                break;
            await ScoreAsync(generation, proposals, cancellationToken).ConfigureAwait(false);
            completed = generation + 1;
            await EmitAsync(new GenerationFinished(generation, Best(), Front(), Snapshot(completed)), cancellationToken).ConfigureAwait(false);
        }
        if (_history.Count == 0)
            throw new InvalidOperationException("the search scored no candidate");
        Confirmation? confirmation = null;
        if (_finalists is not null && completed == _request.Evolution.Generations)
        {
            bool stored = confirmed.Count > 0;
            confirmation = await ConfirmAsync(_finalists, confirmed, completed - 1, cancellationToken).ConfigureAwait(false);
            if (!stored)
                await EmitAsync(new FinalistsConfirmed(completed - 1, confirmation, Snapshot(completed, confirmation)), cancellationToken).ConfigureAwait(false);
        }
        return new SearchResult(Best(), Front(), [.. _history], completed, _evaluations, _cacheHits)
        {
            Baseline = CompareWithBaselines(),
            Confirmation = confirmation,
        };
    }

    /// <summary>
    /// The result a search with this request ended with, rebuilt from its final snapshot (and the run's counters)
    /// without evaluating anything: what a restarted service reports for a completed search.
    /// </summary>
    /// <exception cref="ArgumentException">The snapshot belongs to a different request or is inconsistent with it.</exception>
    /// <param name="request">The search's request.</param>
    /// <param name="snapshot">Its final snapshot.</param>
    /// <param name="evaluations">Candidates its last run sent to the evaluator.</param>
    /// <param name="cacheHits">Candidates its last run took from the cache.</param>
    /// <param name="confirmationSettings">What the confirmation settings were, for the report.</param>
    public static SearchResult ResultFrom(SearchRequest request, SearchSnapshot snapshot, int evaluations, int cacheHits, string confirmationSettings = "")
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var search = new EvolutionarySearch(request, NoEvaluator.Instance, finalists: new FinalistScoring(NoEvaluator.Instance, null, confirmationSettings));
        search.Restore(snapshot);
        if (search._history.Count == 0)
            throw new ArgumentException("the snapshot has no scored candidate", nameof(snapshot));
        var confirmation = snapshot.Confirmed.Count > 0 ? search.Restored(snapshot.Confirmed, confirmationSettings) : null;
        return new SearchResult(search.Best(), search.Front(), [.. search._history], snapshot.CompletedGenerations, evaluations, cacheHits)
        {
            Baseline = search.CompareWithBaselines(),
            Confirmation = confirmation,
        };
    }

    /// <summary>Every candidate a snapshot holds, with its cost, in proposal order: what the engine restores from it.</summary>
    /// <exception cref="ArgumentException">The snapshot belongs to a different request or is inconsistent with it.</exception>
    public static IReadOnlyList<ScoredCandidate> HistoryOf(SearchRequest request, SearchSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(request);
        // Reading a snapshot scores nothing; a request with finalists only needs something to stand for their evaluator.
        var finalists = request.Evolution.Finalists > 0 ? new FinalistScoring(NoEvaluator.Instance, null, "") : null;
        var search = new EvolutionarySearch(request, NoEvaluator.Instance, finalists: finalists);
        search.Restore(snapshot);
        return [.. search._history];
    }

    /// <summary>The state after <paramref name="completedGenerations"/> generations (and the confirmation, once done).</summary>
    private SearchSnapshot Snapshot(int completedGenerations, Confirmation? confirmation = null) => new(
        _fingerprint,
        completedGenerations,
        [.. _history.Select(h => StoredEvaluation.Of(h.Evaluation, h.Generation))])
    {
        Confirmed = confirmation is null ? [] : [.. confirmation.Finalists.Select(f =>
            new StoredEvaluation(f.Searched.Text, f.Score) { Generation = f.Searched.Generation, Bootstrap = f.Bootstrap.Count == 0 ? null : f.Bootstrap })],
    };

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
            if (entry.Generation is not { } generation)
                throw new ArgumentException($"resumeFrom: candidate '{entry.Candidate}' has no generation", nameof(snapshot));
            Record(new ScoredCandidate(entry.ToEvaluation(candidate!), _factory.Costs.Evaluate(candidate!), generation));
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
    private ScoredCandidate Best() => Ranked(_history).First();

    private IReadOnlyList<ScoredCandidate> Front() => ParetoFront.Of(_history, _metric);

    private async ValueTask EmitAsync(SearchEvent searchEvent, CancellationToken cancellationToken)
    {
        if (_observer is not null)
            await _observer.OnEventAsync(searchEvent, cancellationToken).ConfigureAwait(false);
    }
}
