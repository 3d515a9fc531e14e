using Flexiffusion.Orchestration.Internal;
using Flexiffusion.Orchestration.Persistence;
using Flexiffusion.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Flexiffusion.Orchestration.Tests.Internal;

public sealed class LeaseKeeperTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private readonly FakeTimeProvider _time = new();
    private readonly List<(string Id, bool Lapsed)> _lost = [];

    [Fact]
    public async Task RenewAsync_EveryPeriod_KeepsTheLeaseFarPastItsTtl()
    {
        var leases = new InMemorySearchLeases(_time, Ttl);
        await using var keeper = Keeper(leases);
        var start = _time.GetUtcNow();
        await keeper.TryAcquireAsync("s", CancellationToken.None);

        for (int i = 0; i < 12; i++)
        {
            _time.Advance(keeper.Period);
            await keeper.RenewAsync();
        }

        Assert.Equal(Ttl * 4, _time.GetUtcNow() - start);
        Assert.True(keeper.Holds("s"));
        Assert.Empty(_lost);
        Assert.False(await leases.WithOwner("other").TryAcquireAsync("s", CancellationToken.None));
    }

    [Fact]
    public async Task Lease_UnconfirmedForTheLimit_IsLostWhileStillValidInTheStore()
    {
        var leases = new InMemorySearchLeases(_time, Ttl);
        var link = new SeverableLeases(leases);
        await using var keeper = Keeper(link);
        await keeper.TryAcquireAsync("s", CancellationToken.None);
        link.Severed = true;

        _time.Advance(keeper.Limit - Tick);
        await keeper.RenewAsync();
        var before = _lost.ToList();
        _time.Advance(Tick);
        bool takenAtTheLimit = await leases.WithOwner("other").TryAcquireAsync("s", CancellationToken.None);
        _time.Advance(Ttl - keeper.Limit);
        bool takenAtExpiry = await leases.WithOwner("other").TryAcquireAsync("s", CancellationToken.None);

        Assert.Empty(before);
        Assert.Equal([("s", true)], _lost);
        Assert.False(keeper.Holds("s"));
        Assert.False(takenAtTheLimit);
        Assert.True(takenAtExpiry);
        Assert.Equal(keeper.Limit, Ttl - keeper.Period);
    }

    [Fact]
    public async Task Lease_UnconfirmedForAWhileThenRenewed_IsKept()
    {
        var link = new SeverableLeases(new InMemorySearchLeases(_time, Ttl));
        await using var keeper = Keeper(link);
        await keeper.TryAcquireAsync("s", CancellationToken.None);
        link.Severed = true;

        _time.Advance(keeper.Period);
        await keeper.RenewAsync();
        link.Severed = false;
        _time.Advance(keeper.Period - Tick);
        await keeper.RenewAsync();
        _time.Advance(keeper.Limit - Tick);

        Assert.True(keeper.Holds("s"));
        Assert.Empty(_lost);
    }

    [Fact]
    public async Task Lease_StoreAnswersAgainAtTheDeadline_IsKept()
    {
        var link = new SeverableLeases(new InMemorySearchLeases(_time, Ttl));
        await using var keeper = Keeper(link);
        await keeper.TryAcquireAsync("s", CancellationToken.None);
        link.Severed = true;

        _time.Advance(keeper.Limit - Tick);
        link.Severed = false;
        _time.Advance(Tick);
        _time.Advance(keeper.Limit - Tick);

        Assert.True(keeper.Holds("s"));
        Assert.Empty(_lost);
    }

    [Fact]
    public async Task RenewAsync_AnotherHoldsTheLease_LostAtOnce()
    {
        var link = new SeverableLeases(new InMemorySearchLeases(_time, Ttl));
        await using var keeper = Keeper(link);
        await keeper.TryAcquireAsync("s", CancellationToken.None);
        link.Denied = true;

        await keeper.RenewAsync();

        Assert.Equal([("s", false)], _lost);
        Assert.False(keeper.Holds("s"));
    }

    [Fact]
    public async Task Refused_HeldLease_IsLostOnce()
    {
        await using var keeper = Keeper(new InMemorySearchLeases(_time, Ttl));
        await keeper.TryAcquireAsync("s", CancellationToken.None);

        keeper.Refused("s");
        keeper.Refused("s");
        keeper.Refused("never-held");

        Assert.Equal([("s", false)], _lost);
    }

    [Fact]
    public async Task ReleaseAsync_HeldLease_AnotherTakesItAtOnce()
    {
        var leases = new InMemorySearchLeases(_time, Ttl);
        await using var keeper = Keeper(leases);
        await keeper.TryAcquireAsync("s", CancellationToken.None);

        await keeper.ReleaseAsync("s");
        _time.Advance(Ttl);

        Assert.False(keeper.Holds("s"));
        Assert.True(await leases.WithOwner("other").TryAcquireAsync("s", CancellationToken.None));
        Assert.Empty(_lost);
    }

    [Fact]
    public async Task Assume_StoreNeverAnswers_LapsesAtTheLimit()
    {
        var link = new SeverableLeases(new InMemorySearchLeases(_time, Ttl)) { Severed = true };
        await using var keeper = Keeper(link);

        keeper.Assume("fresh");
        bool held = keeper.Holds("fresh");
        _time.Advance(keeper.Limit);

        Assert.True(held);
        Assert.Equal([("fresh", true)], _lost);
    }

    [Fact]
    public async Task Assume_StoreAnswersLater_RenewalTakesTheLease()
    {
        var leases = new InMemorySearchLeases(_time, Ttl);
        var link = new SeverableLeases(leases) { Severed = true };
        await using var keeper = Keeper(link);
        keeper.Assume("fresh");

        link.Severed = false;
        _time.Advance(keeper.Period);
        await keeper.RenewAsync();
        _time.Advance(keeper.Limit - Tick);

        Assert.True(keeper.Holds("fresh"));
        Assert.Equal(leases.Owner, await leases.HolderAsync("fresh", CancellationToken.None));
        Assert.Empty(_lost);
    }

    private LeaseKeeper Keeper(ISearchLeases leases) => new(leases, _time, NullLogger.Instance, (id, lapsed) =>
    {
        lock (_lost)
            _lost.Add((id, lapsed));
    });
}
