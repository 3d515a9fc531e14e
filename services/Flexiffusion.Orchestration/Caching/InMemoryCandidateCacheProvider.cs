using System.Collections.Concurrent;
using Flexiffusion.Identity;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Orchestration.Caching;

/// <summary>In-process candidate caches, one per evaluation identity, shared by every search of the process (the default).</summary>
public sealed class InMemoryCandidateCacheProvider : ICandidateCacheProvider
{
    private readonly ConcurrentDictionary<EvaluationIdentity, InMemoryCandidateCache> _caches = new();

    /// <inheritdoc />
    public ICandidateCache For(EvaluationIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return _caches.GetOrAdd(identity, _ => new InMemoryCandidateCache());
    }
}
