using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Events;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Evolution;

public sealed partial class EvolutionarySearch
{
    /// <summary>
    /// Scores one generation: cache hits first, the rest as one batch to the evaluator. Results are
    /// folded in proposal order once all have arrived, so finishing order cannot change the search.
    /// </summary>
    private async Task ScoreAsync(int generation, List<Candidate> proposals, CancellationToken cancellationToken)
    {
        var cached = await CachedAsync(generation, proposals, cancellationToken).ConfigureAwait(false);
        var batch = proposals.Where(c => !cached.ContainsKey(c)).ToList();
        await EmitAsync(new GenerationStarted(generation, proposals.Count, cached.Count, batch.Count), cancellationToken).ConfigureAwait(false);
        var scores = new Dictionary<Candidate, CandidateEvaluation>(proposals.Count);
        foreach (var candidate in proposals)
        {
            if (!cached.TryGetValue(candidate, out var hit))
                continue;
            scores[candidate] = hit;
            _cacheHits++;
            await EmitAsync(new CandidateScored(generation, Scored(hit, generation), true), cancellationToken).ConfigureAwait(false);
        }
        if (batch.Count > 0)
        {
            var wanted = batch.ToHashSet();
            await foreach (var result in _evaluator.EvaluateAsync(batch, cancellationToken).ConfigureAwait(false))
            {
                if (result?.Candidate is null || !wanted.Remove(result.Candidate))
                {
                    throw new InvalidOperationException(result?.Candidate is null
                        ? "the evaluator returned a result without a candidate"
                        : $"the evaluator returned '{result.Candidate}', which was not asked for or was already returned");
                }
                scores[result.Candidate] = result;
                _evaluations++;
                await StoreAsync(generation, result, cancellationToken).ConfigureAwait(false);
                await EmitAsync(new CandidateScored(generation, Scored(result, generation), false), cancellationToken).ConfigureAwait(false);
            }
            if (wanted.Count > 0)
                throw new InvalidOperationException($"the evaluator returned no result for {wanted.Count} candidate(s), e.g. '{wanted.First()}'");
        }
        foreach (var candidate in proposals)
            Record(Scored(scores[candidate], generation));
    }

    private ScoredCandidate Scored(CandidateEvaluation evaluation, int generation) =>
        new(evaluation, _factory.Costs.Evaluate(evaluation.Candidate), generation);

    private async Task<IReadOnlyDictionary<Candidate, CandidateEvaluation>> CachedAsync(int generation, List<Candidate> proposals, CancellationToken cancellationToken)
    {
        if (_cache is null || _cacheBroken)
            return new Dictionary<Candidate, CandidateEvaluation>();
        try
        {
            return await _cache.GetManyAsync(proposals, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await CacheFailedAsync(generation, e, cancellationToken).ConfigureAwait(false);
            return new Dictionary<Candidate, CandidateEvaluation>();
        }
    }

    private async Task StoreAsync(int generation, CandidateEvaluation result, CancellationToken cancellationToken)
    {
        if (_cache is null || _cacheBroken)
            return;
        try
        {
            await _cache.SetAsync(result, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await CacheFailedAsync(generation, e, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A failing cache is dropped for the rest of the search: the search goes on, only slower.</summary>
    private async Task CacheFailedAsync(int generation, Exception error, CancellationToken cancellationToken)
    {
        _cacheBroken = true;
        await EmitAsync(new CacheUnavailable(generation, $"{error.GetType().Name}: {error.Message}"), cancellationToken).ConfigureAwait(false);
    }
}
