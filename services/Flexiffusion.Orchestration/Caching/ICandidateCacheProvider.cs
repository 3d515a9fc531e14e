using Flexiffusion.Identity;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Orchestration.Caching;

/// <summary>Hands out candidate caches, one per evaluation identity (<see cref="EvaluationSettings.Identity"/>).</summary>
public interface ICandidateCacheProvider
{
    /// <summary>The cache of scores measured under <paramref name="identity"/>.</summary>
    ICandidateCache For(EvaluationIdentity identity);
}
