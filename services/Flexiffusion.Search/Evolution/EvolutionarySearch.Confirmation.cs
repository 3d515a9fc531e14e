using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Evolution;

public sealed partial class EvolutionarySearch
{
    /// <summary>The hand-made schedules this search seeds from (inside the space and the budget), by candidate.</summary>
    private Dictionary<Candidate, string> BaselineNames() => KnownSchedules.Named(_request.Space, _request.Evolution.Seeding)
        .Where(k => _factory.Fits(k.Candidate))
        .ToDictionary(k => k.Candidate, k => k.Name);

    /// <summary>The best seeded baseline the search scored and its margin over the best; null without a budget or without baselines.</summary>
    private BaselineComparison? CompareWithBaselines()
    {
        if (!_request.Budget.IsConstrained || _request.Evolution.Seeding == ScheduleSeeding.None)
            return null;
        var names = BaselineNames();
        var baseline = Ranked(_history.Where(h => names.ContainsKey(h.Candidate))).FirstOrDefault();
        return baseline is null ? null : new BaselineComparison(names[baseline.Candidate], baseline, baseline.RankScore - Best().RankScore);
    }

    /// <summary>
    /// The finalists: the <see cref="EvolutionOptions.Finalists"/> best candidates, then the best scored baseline of every
    /// family (so the best baseline is always among them), without duplicates, in that order.
    /// </summary>
    private List<ScoredCandidate> Finalists(Dictionary<Candidate, string> names)
    {
        var finalists = Ranked(_history).Take(_request.Evolution.Finalists).ToList();
        var families = KnownSchedules.Named(_request.Space, _request.Evolution.Seeding).ToDictionary(k => k.Candidate, k => k.Family);
        foreach (var family in Ranked(_history.Where(h => names.ContainsKey(h.Candidate))).GroupBy(h => families[h.Candidate]))
        {
            var best = family.First();
            if (!finalists.Contains(best))
                finalists.Add(best);
        }
        return finalists;
    }

    /// <summary>Scores the finalists under the confirmation settings (cache first), or takes the scores a snapshot stored.</summary>
    private async Task<Confirmation> ConfirmAsync(FinalistScoring scoring, IReadOnlyList<StoredEvaluation> stored, int generation, CancellationToken cancellationToken)
    {
        if (stored.Count > 0)
            return Restored(stored, scoring.Description);
        var names = BaselineNames();
        var finalists = Finalists(names);
        var candidates = finalists.Select(f => f.Candidate).ToList();
        var scores = new Dictionary<Candidate, CandidateEvaluation>();
        if (scoring.Cache is not null && !_cacheBroken)
        {
            try
            {
                foreach (var (candidate, hit) in await scoring.Cache.GetManyAsync(candidates, cancellationToken).ConfigureAwait(false))
                {
                    if (scoring.Bootstrap == 0 || hit.RfidBootstrap.Count == scoring.Bootstrap)
                        scores[candidate] = hit;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await CacheFailedAsync(generation, e, cancellationToken).ConfigureAwait(false);
            }
        }
        var batch = candidates.Where(c => !scores.ContainsKey(c)).ToList();
        if (batch.Count > 0)
        {
            await foreach (var result in scoring.Evaluator.EvaluateAsync(batch, cancellationToken).ConfigureAwait(false))
            {
                if (result?.Candidate is null || !batch.Contains(result.Candidate) || !scores.TryAdd(result.Candidate, result))
                    throw new InvalidOperationException($"the finalist evaluator returned '{result?.Candidate}', which was not asked for or was already returned");
                if (scoring.Cache is not null && !_cacheBroken)
                {
                    try
                    {
                        await scoring.Cache.SetAsync(result, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        await CacheFailedAsync(generation, e, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            if (batch.FirstOrDefault(c => !scores.ContainsKey(c)) is { } missing)
                throw new InvalidOperationException($"the finalist evaluator returned no result for '{missing}'");
        }
        return Confirm(scoring.Description, finalists.Select(f => (f, scores[f.Candidate].Score, scores[f.Candidate].RfidBootstrap)), names);
    }

    /// <summary>A confirmation rebuilt from the scores a snapshot stored.</summary>
    private Confirmation Restored(IReadOnlyList<StoredEvaluation> stored, string settings)
    {
        var finalists = new List<(ScoredCandidate, double, IReadOnlyList<double>)>(stored.Count);
        foreach (var entry in stored)
        {
            if (!Candidate.TryParse(entry.Candidate, _request.Space.TeacherSteps, out var candidate, out _) || !_scored.TryGetValue(candidate!, out var searched))
                throw new ArgumentException($"resumeFrom: confirmed candidate '{entry.Candidate}' was never scored by the search", nameof(stored));
            finalists.Add((searched, entry.Score, entry.Bootstrap ?? []));
        }
        return Confirm(settings, finalists, BaselineNames());
    }

    private Confirmation Confirm(string settings, IEnumerable<(ScoredCandidate Searched, double Score, IReadOnlyList<double> Bootstrap)> finalists,
        Dictionary<Candidate, string> names) =>
        new(settings, [.. finalists
            .Select(f => new ConfirmedCandidate(f.Searched, f.Score, names.GetValueOrDefault(f.Searched.Candidate)) { Bootstrap = f.Bootstrap })
            .OrderBy(f => f.RankScore)
            .ThenBy(f => f.Searched.Cost.In(_metric))
            .ThenBy(f => f.Searched.Text, StringComparer.Ordinal)]);

    /// <summary>Candidates best first: by score, then cheaper, then canonical text (the order <see cref="Best"/> uses).</summary>
    private IEnumerable<ScoredCandidate> Ranked(IEnumerable<ScoredCandidate> candidates) => candidates.Order(new BestFirst(_metric));
}
