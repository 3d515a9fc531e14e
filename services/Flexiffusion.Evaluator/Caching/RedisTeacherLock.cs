using System.Security.Cryptography;
using Flexiffusion.Scoring.Teachers;
using Flexiffusion.ServiceDefaults.Redis;
using Flexiffusion.Evaluator.Telemetry;
using StackExchange.Redis;

namespace Flexiffusion.Evaluator.Caching;

/// <summary>
/// An <see cref="ITeacherLock"/> across replicas: <c>SET key token NX PX ttl</c> with a random token,
/// renewed every third of the TTL while held, released by a compare-and-delete script so a replica only
/// ever frees its own lock. Waiters poll with exponential backoff until the lock is free or the guarded
/// features appear; the TTL guarantees progress when a holder dies. Without a reachable Redis it falls
/// back to a lock within this process, so evaluations go on.
/// </summary>
internal sealed class RedisTeacherLock(RedisConnection connection, TimeProvider time, ILogger<RedisTeacherLock> logger, TimeSpan ttl) : ITeacherLock
{
    private readonly ILogger _logger = logger;
    private readonly TimeProvider _time = time;
    private readonly TimeSpan _ttl = ttl;
    /// <summary>First wait between polls; it doubles up to <see cref="MaxPoll"/>.</summary>
    public static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest wait between polls.</summary>
    public static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(1);

    private const string RenewScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    private readonly InProcessTeacherLock _local = new();

    public async ValueTask<IAsyncDisposable?> AcquireAsync(string key, Func<CancellationToken, ValueTask<bool>> finished, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finished);
        string token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var delay = FirstPoll;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool acquired;
            IDatabase? database = null;
            try
            {
                database = await connection.DatabaseAsync(cancellationToken).ConfigureAwait(false);
                acquired = database is { Multiplexer.IsConnected: true }
                    && await database.StringSetAsync(key, token, _ttl, When.NotExists).ConfigureAwait(false);
            }
            catch (Exception e) when (RedisBlobCache.IsRedisFailure(e))
            {
                EvaluatorLog.RedisUnavailable(_logger, e.Message, key, "locking within this process only");
                database = null;
                acquired = false;
            }
            if (database is not { Multiplexer.IsConnected: true })
            {
                if (database is not null)
                    EvaluatorLog.RedisUnavailable(_logger, "not connected", key, "locking within this process only");
                return await _local.AcquireAsync(key, finished, cancellationToken).ConfigureAwait(false);
            }
            if (acquired)
            {
                EvaluatorLog.LockTaken(_logger, key);
                return new Lease(this, database, key, token);
            }
            if (await finished(cancellationToken).ConfigureAwait(false))
                return null;
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPoll.Ticks));
        }
    }

    private sealed class Lease : IAsyncDisposable
    {
        private readonly RedisTeacherLock _owner;
        private readonly IDatabase _database;
        private readonly string _key;
        private readonly string _token;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;
        private int _released;

        public Lease(RedisTeacherLock owner, IDatabase database, string key, string token)
        {
            _owner = owner;
            _database = database;
            _key = key;
            _token = token;
            _renewal = RenewAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1)
                return;
            await _stop.CancelAsync().ConfigureAwait(false);
            await _renewal.ConfigureAwait(false);
            _stop.Dispose();
            try
            {
                await _database.ScriptEvaluateAsync(ReleaseScript, [_key], [_token]).ConfigureAwait(false);
                EvaluatorLog.LockReleased(_owner._logger, _key);
            }
            catch (Exception e) when (RedisBlobCache.IsRedisFailure(e))
            {
                EvaluatorLog.RedisUnavailable(_owner._logger, e.Message, _key, "not released; it expires by itself");
            }
        }

        private async Task RenewAsync()
        {
            var period = _owner._ttl / 3;
            try
            {
                while (true)
                {
                    await Task.Delay(period, _owner._time, _stop.Token).ConfigureAwait(false);
                    var renewed = await _database.ScriptEvaluateAsync(RenewScript, [_key], [_token, (long)_owner._ttl.TotalMilliseconds]).ConfigureAwait(false);
                    if ((long)renewed != 1)
                    {
                        EvaluatorLog.RedisUnavailable(_owner._logger, "the lock expired while held", _key, "another replica may compute the same teacher");
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception e) when (RedisBlobCache.IsRedisFailure(e))
            {
                EvaluatorLog.RedisUnavailable(_owner._logger, e.Message, _key, "not renewed; it may expire while held");
            }
        }
    }
}
