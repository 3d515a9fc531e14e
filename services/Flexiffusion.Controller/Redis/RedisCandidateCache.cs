using System.Security.Cryptography;
using System.Text;
using Flexiffusion.Orchestration.Caching;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.ServiceDefaults.Redis;

namespace Flexiffusion.Controller.Redis;

/// <summary>
/// Candidate scores in Redis, shared by every controller replica and search: one key per
/// (evaluation identity, candidate), <c>flexiffusion:v1:candidate:&lt;sha256(identity)&gt;:&lt;candidate&gt;</c>,
/// holding the score and the evaluator's details as JSON, expiring after <see cref="RedisOptions.EntryTtl"/>.
/// When Redis is down every call throws; the search reports the cache unavailable and goes on without it.
/// </summary>
public sealed class RedisCandidateCache(RedisConnection redis) : ICandidateCacheProvider
{
    /// <inheritdoc />
    public ICandidateCache For(string identity)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
        return new RedisIdentityCache(redis, hash);
    }
}
