using Flexiffusion.Controller.Tests.TestSupport;
using Flexiffusion.Identity;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Testing;

namespace Flexiffusion.Controller.Tests.Redis;

/// <summary>
/// Two controllers' search managers on one real Redis (each test its own, so that no search of another test is there to
/// recover): a search runs only where its lease is held.
/// </summary>
public sealed class SharedRedisSearchTests : IAsyncDisposable
{
    // Generation 0 scores 8 candidates: holding from the 10th evaluation stops the search inside generation 1.
    private const int InsideGenerationOne = 10;
    private readonly RedisServer _redis = new();
    private readonly SharedRedis _shared;

    public SharedRedisSearchTests() => _shared = new SharedRedis(_redis);

    [SkippableFact]
    public async Task RecoverAsync_SearchLeasedByAnotherController_ShownButNeverRun()
    {
        _redis.SkipUnlessAvailable();
        var expected = await SharedRedis.ReferenceAsync(31);
        var backendA = new CountingBackend();
        var backendB = new CountingBackend();
        await using var a = _shared.Manager("ctl-a", TimeSpan.FromSeconds(3), backendA);
        await using var b = _shared.Manager("ctl-b", TimeSpan.FromSeconds(3), backendB);
        backendA.HoldFrom(InsideGenerationOne);
        await a.StartAsync(SharedRedis.Spec(31), "leased");
        await backendA.Holding.WaitAsync(Patience.Limit);

        int resumed = await b.RecoverAsync();
        var shown = b.Get("leased");
        await Assert.ThrowsAsync<SearchOwnedElsewhereException>(() => b.CancelAsync("leased"));
        backendA.Gate.Open();
        var done = await a.WaitAsync("leased").WaitAsync(Patience.Limit);
        // A saves its final record just after its watchers learn the result.
        await Patience.UntilAsync(async () => await b.RecoverAsync() == 0 && b.Get("leased").State == SearchState.Completed, "B shows the search completed");

        Assert.Equal(0, resumed);
        Assert.Equal(SearchState.Running, shown.State);
        Assert.Contains(shown.Warnings, w => w.Contains("runs on controller 'ctl-a'", StringComparison.Ordinal));
        SharedRedis.AssertSame(expected, done.Result);
        SharedRedis.AssertSame(expected, b.Get("leased").Result);
        Assert.Equal(0, backendB.Evaluations);
    }

    [SkippableFact]
    public async Task LeaseRenewal_SearchHeldForSeveralTtls_StaysWithItsOwner()
    {
        _redis.SkipUnlessAvailable();
        var ttl = TimeSpan.FromSeconds(3);
        var expected = await SharedRedis.ReferenceAsync(32);
        var backendA = new CountingBackend();
        var backendB = new CountingBackend();
        await using var a = _shared.Manager("ctl-a", ttl, backendA);
        await using var b = _shared.Manager("ctl-b", ttl, backendB);
        backendA.HoldFrom(InsideGenerationOne);
        await a.StartAsync(SharedRedis.Spec(32), "long");
        await backendA.Holding.WaitAsync(Patience.Limit);

        // While A's search waits for three lease lifetimes, B keeps trying to take it over.
        int resumed = 0;
        var until = DateTime.UtcNow + ttl * 3;
        while (DateTime.UtcNow < until)
        {
            resumed += await b.RecoverAsync();
            await Task.Delay(50);
        }
        backendA.Gate.Open();
        var done = await a.WaitAsync("long").WaitAsync(Patience.Limit);

        Assert.Equal(0, resumed);
        Assert.Equal(0, backendB.Evaluations);
        Assert.Empty(done.Warnings);
        SharedRedis.AssertSame(expected, done.Result);
    }

    [SkippableFact]
    public async Task OwnerStopsRenewing_AnotherTakesOverOnceTheLeaseExpiredAndEndsIdentical()
    {
        _redis.SkipUnlessAvailable();
        var ttl = TimeSpan.FromSeconds(3);
        var expected = await SharedRedis.ReferenceAsync(33);
        var backendA = new CountingBackend();
        var backendB = new CountingBackend();
        SeverableLeases? linkA = null;
        await using var a = _shared.Manager("ctl-a", ttl, backendA, leases => linkA = new SeverableLeases(leases));
        await using var b = _shared.Manager("ctl-b", ttl, backendB);
        backendA.HoldFrom(InsideGenerationOne);
        await a.StartAsync(SharedRedis.Spec(33), "orphan");
        await backendA.Holding.WaitAsync(Patience.Limit);
        int scoredByA = backendA.Evaluations;

        // A can no longer reach Redis for its leases (a partition, a frozen process): it must stop before B may start.
        linkA!.Severed = true;
        int resumed = 0;
        bool aStoppedFirst = false;
        await Patience.UntilAsync(async () =>
        {
            bool aStopped = a.Get("orphan").Warnings.Any(w => w.Contains("could not renew", StringComparison.Ordinal));
            resumed = await b.RecoverAsync();
            aStoppedFirst = aStopped;
            return resumed > 0;
        }, "B took the search over");
        var status = await b.WaitAsync("orphan").WaitAsync(Patience.Limit);

        Assert.True(aStoppedFirst, "A had stopped the search before B could take its lease");
        Assert.Equal(1, resumed);
        Assert.Equal(SearchState.Completed, status.State);
        SharedRedis.AssertSame(expected, status.Result);
        Assert.Equal(scoredByA, backendA.Evaluations);
        Assert.Equal(expected.History.Count(h => h.Generation > 0), backendB.Evaluations);
    }

    [SkippableFact]
    public async Task LeaseTakenOver_OwnerStopsWithoutMarkingTheSearchAndTheNewHolderFinishesIt()
    {
        _redis.SkipUnlessAvailable();
        var ttl = TimeSpan.FromSeconds(3);
        var expected = await SharedRedis.ReferenceAsync(34);
        var backendA = new CountingBackend();
        var backendB = new CountingBackend();
        await using var a = _shared.Manager("ctl-a", ttl, backendA);
        await using var b = _shared.Manager("ctl-b", ttl, backendB);
        backendA.HoldFrom(InsideGenerationOne);
        await a.StartAsync(SharedRedis.Spec(34), "stolen");
        await backendA.Holding.WaitAsync(Patience.Limit);
        var database = await _shared.DatabaseAsync();

        // Someone else holds the lease now (as after A's lease expired unnoticed): A's next renewal finds out.
        await database.StringSetAsync(StoreKeys.SearchLease("stolen"), "thief", TimeSpan.FromMinutes(1));
        await Patience.UntilAsync(() => a.Get("stolen").Warnings.Any(w => w.Contains("another controller took it over", StringComparison.Ordinal)), "A stopped the search");
        backendA.Gate.Open();
        var cancel = await Assert.ThrowsAsync<SearchOwnedElsewhereException>(() => a.CancelAsync("stolen"));
        var stored = await b.RecoverAsync();
        var shownOnB = b.Get("stolen");
        await database.KeyDeleteAsync(StoreKeys.SearchLease("stolen"));
        int resumed = await b.RecoverAsync();
        var status = await b.WaitAsync("stolen").WaitAsync(Patience.Limit);

        Assert.Equal(0, stored);
        Assert.Equal(SearchState.Running, shownOnB.State);
        Assert.Contains(shownOnB.Warnings, w => w.Contains("'thief'", StringComparison.Ordinal));
        Assert.Equal("stolen", cancel.Id);
        Assert.Equal(1, resumed);
        SharedRedis.AssertSame(expected, status.Result);
        Assert.Equal(InsideGenerationOne, backendA.Evaluations);
    }

    [SkippableFact]
    public async Task StartAsync_RedisDown_NamedSearchUnavailableAndOneWithoutIdRuns()
    {
        _redis.SkipUnlessAvailable();
        var expected = await SharedRedis.ReferenceAsync(35);
        await using var a = _shared.Manager("ctl-a", TimeSpan.FromSeconds(30), new CountingBackend());
        _redis.Stop();

        var named = await Assert.ThrowsAsync<TimeoutException>(() => a.StartAsync(SharedRedis.Spec(35), "named"));
        var fresh = await a.StartAsync(SharedRedis.Spec(35));
        var done = await a.WaitAsync(fresh.Id).WaitAsync(Patience.Limit);

        Assert.Contains("does not answer", named.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_redis.Configuration, named.Message, StringComparison.Ordinal);
        Assert.Equal(SearchState.Completed, done.State);
        SharedRedis.AssertSame(expected, done.Result);
    }

    public async ValueTask DisposeAsync()
    {
        await _shared.DisposeAsync();
        _redis.Dispose();
    }
}
