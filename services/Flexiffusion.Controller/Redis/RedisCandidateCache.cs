using Flexiffusion.Identity;
using Flexiffusion.Orchestration.Caching;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.ServiceDefaults.Redis;

namespace Flexiffusion.Controller.Redis;

/// <summary>
/// Candidate scores in Redis, shared by every controller replica and search: one key per (evaluation identity,
/// candidate), <see cref="StoreKeys.Candidate"/>, holding the score and the evaluator's details as JSON, expiring after
/// <see cref="RedisOptions.EntryTtl"/>. When Redis is down every call throws; the search reports the cache unavailable
/// and goes on without it. An unreadable entry is a miss.
/// </summary>
public sealed class RedisCandidateCache(RedisConnection redis, ILogger<RedisCandidateCache> logger) : ICandidateCacheProvider
{
    /// <inheritdoc />
    public ICandidateCache For(EvaluationIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new RedisIdentityCache(redis, identity, logger);
    }
}
