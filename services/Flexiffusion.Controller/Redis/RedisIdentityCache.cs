using System.Text.Json;
using System.Text.Json.Serialization;
using Flexiffusion.Identity;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;
using Flexiffusion.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Flexiffusion.Controller.Redis;

/// <summary>
/// The Redis candidate cache of one evaluation identity (MGET for a generation's candidates, SET with TTL per score); values are
/// <see cref="StoredEvaluation"/> JSON. An entry that is not the score of its key's candidate is a miss (logged): the candidate is
/// scored again and the entry overwritten, and the rest of the cache stays in use.
/// </summary>
internal sealed class RedisIdentityCache(RedisConnection redis, EvaluationIdentity identity, ILogger logger) : ICandidateCache
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async ValueTask<IReadOnlyDictionary<Candidate, CandidateEvaluation>> GetManyAsync(IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var found = new Dictionary<Candidate, CandidateEvaluation>();
        if (candidates.Count == 0)
            return found;
        var database = await RedisDatabase.ConnectedAsync(redis, cancellationToken).ConfigureAwait(false);
        var values = await database.StringGetAsync([.. candidates.Select(Key)]).ConfigureAwait(false);
        for (int i = 0; i < candidates.Count; i++)
        {
            if (values[i].IsNullOrEmpty)
                continue;
            if (Read(values[i]!, candidates[i]) is { } stored)
                found[candidates[i]] = stored.ToEvaluation(candidates[i]);
            else
                StoreLog.UnreadableScore(logger, candidates[i].ToString());
        }
        return found;
    }

    /// <summary>The stored score of <paramref name="candidate"/>; null when the entry is not one (corrupt, or another candidate's): a miss, scored again.</summary>
    private static StoredEvaluation? Read(string value, Candidate candidate)
    {
        try
        {
            var stored = JsonSerializer.Deserialize<StoredEvaluation>(value, Json);
            return stored?.Candidate == candidate.ToString() ? stored : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async ValueTask SetAsync(CandidateEvaluation evaluation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var database = await RedisDatabase.ConnectedAsync(redis, cancellationToken).ConfigureAwait(false);
        await database.StringSetAsync(Key(evaluation.Candidate), JsonSerializer.Serialize(StoredEvaluation.Of(evaluation), Json), redis.Options.EntryTtl).ConfigureAwait(false);
    }

    private RedisKey Key(Candidate candidate) => StoreKeys.Candidate(identity, candidate.ToString());
}
