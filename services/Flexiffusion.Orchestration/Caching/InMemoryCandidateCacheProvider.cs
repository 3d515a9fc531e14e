using System.Collections.Concurrent;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Orchestration.Caching;

/// <summary>In-process candidate caches, one per evaluation identity, shared by every search of the process (the default).</summary>
public sealed class InMemoryCandidateCacheProvider : ICandidateCacheProvider
{
    private readonly ConcurrentDictionary<string, InMemoryCandidateCache> _caches = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ICandidateCache For(string identity)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        return _caches.GetOrAdd(identity, _ => new InMemoryCandidateCache());
    }
}
