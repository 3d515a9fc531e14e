using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Evaluation;

/// <summary>
/// Remembers evaluated candidates across searches. An implementation is bound to one evaluation
/// identity (model, sampler, noise bank, extractor, …), so a candidate alone is its key.
/// </summary>
public interface ICandidateCache
{
    /// <summary>The cached evaluations among <paramref name="candidates"/> (missing ones are absent).</summary>
    ValueTask<IReadOnlyDictionary<Candidate, CandidateEvaluation>> GetManyAsync(IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken);

    /// <summary>Stores one evaluation.</summary>
    ValueTask SetAsync(CandidateEvaluation evaluation, CancellationToken cancellationToken);
}
