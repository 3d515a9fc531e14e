using Flexiffusion.Orchestration.Persistence;
using Microsoft.Extensions.Time.Testing;

namespace Flexiffusion.Orchestration.Tests.Persistence;

public sealed class InMemorySearchLeasesTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TryAcquireAsync_HeldByAnother_RefusedUntilItExpires()
    {
        var time = new FakeTimeProvider();
        var a = new InMemorySearchLeases(time, Ttl);
        var b = a.WithOwner("b");

        bool first = await a.TryAcquireAsync("s", CancellationToken.None);
        bool whileHeld = await b.TryAcquireAsync("s", CancellationToken.None);
        time.Advance(Ttl - TimeSpan.FromTicks(1));
        bool justBefore = await b.TryAcquireAsync("s", CancellationToken.None);
        time.Advance(TimeSpan.FromTicks(1));
        bool expired = await b.TryAcquireAsync("s", CancellationToken.None);

        Assert.Equal((true, false, false, true), (first, whileHeld, justBefore, expired));
        Assert.Equal("b", await a.HolderAsync("s", CancellationToken.None));
    }

    [Fact]
    public async Task TryAcquireAsync_ByItsHolder_ExtendsTheLease()
    {
        var time = new FakeTimeProvider();
        var a = new InMemorySearchLeases(time, Ttl);
        var b = a.WithOwner("b");
        await a.TryAcquireAsync("s", CancellationToken.None);

        time.Advance(Ttl / 2);
        bool renewed = await a.TryAcquireAsync("s", CancellationToken.None);
        time.Advance(Ttl * 3 / 4);
        bool taken = await b.TryAcquireAsync("s", CancellationToken.None);

        Assert.True(renewed);
        Assert.False(taken);
        Assert.Equal(a.Owner, await b.HolderAsync("s", CancellationToken.None));
    }

    [Fact]
    public async Task ReleaseAsync_OnlyItsHolderFreesTheLease()
    {
        var time = new FakeTimeProvider();
        var a = new InMemorySearchLeases(time, Ttl);
        var b = a.WithOwner("b");
        await a.TryAcquireAsync("s", CancellationToken.None);

        await b.ReleaseAsync("s", CancellationToken.None);
        string? afterOther = await a.HolderAsync("s", CancellationToken.None);
        await a.ReleaseAsync("s", CancellationToken.None);
        string? afterHolder = await a.HolderAsync("s", CancellationToken.None);

        Assert.Equal(a.Owner, afterOther);
        Assert.Null(afterHolder);
        Assert.True(await b.TryAcquireAsync("s", CancellationToken.None));
    }

    [Fact]
    public void Constructor_NoOwnerGiven_EachGetsADistinctOne()
    {
        var a = new InMemorySearchLeases();
        var b = new InMemorySearchLeases();

        Assert.NotEqual(a.Owner, b.Owner);
        Assert.StartsWith(Environment.MachineName + "-", a.Owner, StringComparison.Ordinal);
        Assert.Equal(InMemorySearchLeases.DefaultTtl, a.Ttl);
    }
}
