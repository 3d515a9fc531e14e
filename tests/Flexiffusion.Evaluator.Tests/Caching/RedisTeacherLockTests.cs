using System.Diagnostics;
using Flexiffusion.Evaluator.Caching;
using Flexiffusion.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using RedisTest = Flexiffusion.Evaluator.Tests.TestSupport.Redis;

namespace Flexiffusion.Evaluator.Tests.Caching;

public sealed class RedisTeacherLockTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly Func<CancellationToken, ValueTask<bool>> NotFinished = _ => ValueTask.FromResult(false);

    private static RedisTeacherLock Lock(Flexiffusion.ServiceDefaults.Redis.RedisConnection connection, TimeSpan? ttl = null) =>
        new(connection, TimeProvider.System, NullLogger<RedisTeacherLock>.Instance, ttl ?? TimeSpan.FromSeconds(30));

    private static string Name() => "teacher:test-" + Guid.NewGuid().ToString("N");

    [SkippableFact]
    public async Task AcquireAsync_HeldByAnotherReplica_WaitsUntilReleased()
    {
        redis.SkipUnlessAvailable();
        await using var a = RedisTest.Connect(redis.Configuration);
        await using var b = RedisTest.Connect(redis.Configuration);
        string name = Name();
        var first = await Lock(a).AcquireAsync(name, NotFinished, CancellationToken.None);

        var second = Lock(b).AcquireAsync(name, NotFinished, CancellationToken.None).AsTask();
        await Task.Delay(300);
        bool waited = !second.IsCompleted;
        await first!.DisposeAsync();
        var lease = await second.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(waited);
        Assert.NotNull(lease);
        await lease.DisposeAsync();
        var database = (await a.DatabaseAsync(CancellationToken.None))!;
        Assert.False(await database.KeyExistsAsync(RedisTeacherLock.KeyOf(name)));
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

        var lease = await Lock(b).AcquireAsync(name, _ => ValueTask.FromResult(++polls >= 3), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

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
        await database.StringSetAsync(RedisTeacherLock.KeyOf(name), "dead-replica", TimeSpan.FromMilliseconds(600), When.NotExists);
        var clock = Stopwatch.StartNew();

        await using var lease = await Lock(connection).AcquireAsync(name, NotFinished, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.NotNull(lease);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3));
    }

    [SkippableFact]
    public async Task Lease_HeldLongerThanItsTtl_IsRenewed()
    {
        redis.SkipUnlessAvailable();
        await using var a = RedisTest.Connect(redis.Configuration);
        await using var b = RedisTest.Connect(redis.Configuration);
        string name = Name();
        var lease = await Lock(a, TimeSpan.FromMilliseconds(600)).AcquireAsync(name, NotFinished, CancellationToken.None);

        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Lock(b).AcquireAsync(name, NotFinished, cts.Token).AsTask());
        await lease!.DisposeAsync();

        await using var next = await Lock(b).AcquireAsync(name, NotFinished, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
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

        await database.StringSetAsync(RedisTeacherLock.KeyOf(name), "new-holder");
        await lease!.DisposeAsync();

        Assert.Equal("new-holder", (string?)await database.StringGetAsync(RedisTeacherLock.KeyOf(name)));
    }

    [Fact]
    public async Task AcquireAsync_RedisUnreachable_FallsBackToAProcessLock()
    {
        await using var connection = RedisTest.Connect($"127.0.0.1:{FreePort.Next()}");
        var teacherLock = Lock(connection);
        string name = Name();
        var clock = Stopwatch.StartNew();

        var first = await teacherLock.AcquireAsync(name, NotFinished, CancellationToken.None);
        var second = teacherLock.AcquireAsync(name, NotFinished, CancellationToken.None).AsTask();
        bool waited = !second.IsCompleted;
        await first!.DisposeAsync();
        await using var next = await second.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(waited);
        Assert.NotNull(next);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:F1} s");
    }
}
