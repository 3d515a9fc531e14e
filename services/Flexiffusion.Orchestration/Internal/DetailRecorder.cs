using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Orchestration.Internal;

/// <summary>
/// Remembers the evaluator's full verdict (KID, throughput, …) of each candidate between the moment
/// the evaluator or the cache returns it and the engine's <c>CandidateScored</c> event, which carries
/// only the score, duration and evaluator.
/// </summary>
internal sealed class DetailRecorder
{
    private readonly ConcurrentDictionary<Candidate, CandidateEvaluation> _details = new();

    public IFitnessEvaluator Wrap(IFitnessEvaluator inner) => new Evaluator(inner, this);

    public ICandidateCache Wrap(ICandidateCache inner) => new Cache(inner, this);

    /// <summary>The recorded verdict of a candidate, removed.</summary>
    public CandidateEvaluation? Take(Candidate candidate) => _details.TryRemove(candidate, out var details) ? details : null;

    private sealed class Evaluator(IFitnessEvaluator inner, DetailRecorder recorder) : IFitnessEvaluator
    {
        public async IAsyncEnumerable<CandidateEvaluation> EvaluateAsync(IReadOnlyList<Candidate> batch, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var result in inner.EvaluateAsync(batch, cancellationToken).ConfigureAwait(false))
            {
                if (result?.Candidate is not null)
                    recorder._details[result.Candidate] = result;
                yield return result!;
            }
        }
    }

    private sealed class Cache(ICandidateCache inner, DetailRecorder recorder) : ICandidateCache
    {
        public async ValueTask<IReadOnlyDictionary<Candidate, CandidateEvaluation>> GetManyAsync(IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken)
        {
            var found = await inner.GetManyAsync(candidates, cancellationToken).ConfigureAwait(false);
            foreach (var (candidate, evaluation) in found)
                recorder._details[candidate] = evaluation;
            return found;
        }

        public ValueTask SetAsync(CandidateEvaluation evaluation, CancellationToken cancellationToken) => inner.SetAsync(evaluation, cancellationToken);
    }
}
