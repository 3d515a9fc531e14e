using Flexiffusion.Evaluator.Caching;
using Flexiffusion.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using RedisTest = Flexiffusion.Evaluator.Tests.TestSupport.Redis;

namespace Flexiffusion.Evaluator.Tests.Caching;

public sealed class RedisTeacherLockTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly Func<CancellationToken, ValueTask<bool>> NotFinished = _ => ValueTask.FromResult(false);

    private static RedisTeacherLock Lock(Flexiffusion.ServiceDefaults.Redis.RedisConnection connection, TimeSpan? ttl = null, TimeProvider? time = null) =>
        new(connection, time ?? TimeProvider.System, NullLogger<RedisTeacherLock>.Instance, ttl ?? TimeSpan.FromSeconds(30));

    private static string Name() => "flexiffusion:v1:lock:teacher:test-" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// A <c>finished</c> callback that reports each refused attempt: the lock calls it only after its
    /// <c>SET NX</c> failed, so <paramref name="refused"/> completing proves the caller found the lock taken.
    /// </summary>
    private static Func<CancellationToken, ValueTask<bool>> Refused(TaskCompletionSource refused) => _ =>
    {
        refused.TrySetResult();
        return ValueTask.FromResult(false);
    };

    [SkippableFact]
    public async Task AcquireAsync_HeldByAnotherReplica_WaitsUntilReleased()
    {
        redis.SkipUnlessAvailable();
        await using var a = RedisTest.Connect(redis.Configuration);
        await using var b = RedisTest.Connect(redis.Configuration);
        string name = Name();
        var first = await Lock(a).AcquireAsync(name, NotFinished, CancellationToken.None);
        var refused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The two replicas contend: the second is refused while the first holds the lock.
        var second = Lock(b).AcquireAsync(name, Refused(refused), CancellationToken.None).AsTask();
        await Task.WhenAny(refused.Task, second).WaitAsync(Patience.Limit);
        bool waited = refused.Task.IsCompleted && !second.IsCompleted;
        await first!.DisposeAsync();
        var lease = await second.WaitAsync(Patience.Limit);

        Assert.True(waited);
        Assert.NotNull(lease);
        await lease.DisposeAsync();
        var database = (await a.DatabaseAsync(CancellationToken.None))!;
        Assert.False(await database.KeyExistsAsync(name));
    }

    [SkippableFact]
    public async Task AcquireAsync_ResultAppearsWhileWaiting_ReturnsNoLease()
    {
        redis.SkipUnlessAvailable();
        await using var a = RedisTest.Connect(redis.Configuration);
        await using var b = RedisTest.Connect(redis.Configuration);
        string name = Name();
        await using var held = await Lock(a).AcquireAsync(name, NotFinished, CancellationToken.None);
        int polls = 0;

        var lease = await Lock(b).AcquireAsync(name, _ => ValueTask.FromResult(++polls >= 3), CancellationToken.None).AsTask().WaitAsync(Patience.Limit);

        Assert.Null(lease);
        Assert.Equal(3, polls);
    }

    [SkippableFact]
    public async Task AcquireAsync_HolderDied_TakenOnceItsLockExpires()
    {
        redis.SkipUnlessAvailable();
        await using var connection = RedisTest.Connect(redis.Configuration);
        var database = (await connection.DatabaseAsync(CancellationToken.None))!;
        string name = Name();
        string key = name;
        await database.StringSetAsync(key, "dead-replica", TimeSpan.FromMinutes(5), When.NotExists);
        var refused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Refused while the dead holder's lock lives; then its TTL runs out (shortened here rather than waited for).
        var acquiring = Lock(connection).AcquireAsync(name, Refused(refused), CancellationToken.None).AsTask();
        await Task.WhenAny(refused.Task, acquiring).WaitAsync(Patience.Limit);
        bool waited = refused.Task.IsCompleted && !acquiring.IsCompleted;
        await database.KeyExpireAsync(key, TimeSpan.FromMilliseconds(50));
        await using var lease = await acquiring.WaitAsync(Patience.Limit);

        Assert.True(waited);
        Assert.NotNull(lease);
        Assert.NotEqual("dead-replica", (string?)await database.StringGetAsync(key));
    }

    [SkippableFact]
    public async Task Lease_HeldLongerThanItsTtl_IsRenewed()
    {
        redis.SkipUnlessAvailable();
        await using var a = RedisTest.Connect(redis.Configuration);
        await using var b = RedisTest.Connect(redis.Configuration);
        var database = (await a.DatabaseAsync(CancellationToken.None))!;
        string name = Name();
        string key = name;
        var ttl = TimeSpan.FromSeconds(30);
        var left = TimeSpan.FromSeconds(10);
        var clock = new FakeTimeProvider();
        var lease = await Lock(a, ttl, clock).AcquireAsync(name, NotFinished, CancellationToken.None);

        // Four renewal periods on the holder's clock, more than its TTL: each time Redis is told that
        // two thirds of the TTL have gone, and the lease must put it back to the full TTL.
        for (int period = 0; period < 4; period++)
        {
            await database.KeyExpireAsync(key, left);
            await Patience.UntilAsync(async () =>
            {
                clock.Advance(ttl / 3);
                return await database.KeyTimeToLiveAsync(key) > left;
            }, $"the lease renewed its lock (period {period + 1})");
        }
        var refused = await Lock(b).AcquireAsync(name, _ => ValueTask.FromResult(true), CancellationToken.None);
        await lease!.DisposeAsync();

        Assert.Null(refused);
        await using var next = await Lock(b).AcquireAsync(name, NotFinished, CancellationToken.None).AsTask().WaitAsync(Patience.Limit);
        Assert.NotNull(next);
    }

    [SkippableFact]
    public async Task Release_AfterAnotherReplicaTookOver_LeavesItsLockAlone()
    {
        redis.SkipUnlessAvailable();
        await using var connection = RedisTest.Connect(redis.Configuration);
        var database = (await connection.DatabaseAsync(CancellationToken.None))!;
        string name = Name();
        var lease = await Lock(connection).AcquireAsync(name, NotFinished, CancellationToken.None);

        await database.StringSetAsync(name, "new-holder");
        await lease!.DisposeAsync();

        Assert.Equal("new-holder", (string?)await database.StringGetAsync(name));
    }

    [Fact]
    public async Task AcquireAsync_RedisUnreachable_FallsBackToAProcessLock()
    {
        await using var connection = RedisTest.Connect($"127.0.0.1:{FreePort.Next()}");
        var teacherLock = Lock(connection);
        string name = Name();

        var first = await teacherLock.AcquireAsync(name, NotFinished, CancellationToken.None).AsTask().WaitAsync(Patience.Limit);
        var second = teacherLock.AcquireAsync(name, NotFinished, CancellationToken.None).AsTask();
        bool waited = !second.IsCompleted;
        await first!.DisposeAsync();
        await using var next = await second.WaitAsync(Patience.Limit);

        Assert.True(waited);
        Assert.NotNull(next);
    }
}
