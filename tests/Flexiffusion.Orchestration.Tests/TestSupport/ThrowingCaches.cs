using Flexiffusion.Identity;
using Flexiffusion.Orchestration.Caching;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Orchestration.Tests.TestSupport;

/// <summary>A candidate cache that is down: every call throws, as Redis does when unreachable.</summary>
public sealed class ThrowingCaches : ICandidateCacheProvider, ICandidateCache
{
    public ICandidateCache For(EvaluationIdentity identity) => this;

    public ValueTask<IReadOnlyDictionary<Candidate, CandidateEvaluation>> GetManyAsync(IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("cache server is down");

    public ValueTask SetAsync(CandidateEvaluation evaluation, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("cache server is down");
}
