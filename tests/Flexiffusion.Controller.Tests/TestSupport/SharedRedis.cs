using Flexiffusion.Controller.Grpc;
using Flexiffusion.Controller.Redis;
using Flexiffusion.Orchestration.Caching;
using Flexiffusion.Orchestration.Persistence;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.ServiceDefaults.Redis;
using Flexiffusion.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using DomainResult = Flexiffusion.Search.Evolution.SearchResult;
using DomainSpec = Flexiffusion.Orchestration.Specs.SearchSpec;

namespace Flexiffusion.Controller.Tests.TestSupport;

/// <summary>Search managers as controllers build them over one real Redis (its store and leases), each with its own backend and an in-memory candidate cache.</summary>
public sealed class SharedRedis(RedisServer server) : IAsyncDisposable
{
    private readonly List<RedisConnection> _connections = [];

    /// <summary>A connection of its own, as a controller process has.</summary>
    public RedisConnection Connect()
    {
        var connection = new RedisConnection(Options.Create(new RedisOptions { Configuration = server.Configuration }), NullLogger<RedisConnection>.Instance);
        _connections.Add(connection);
        return connection;
    }

    /// <summary>A manager over the Redis store, leasing as <paramref name="owner"/> for <paramref name="ttl"/>; <paramref name="link"/> wraps its leases.</summary>
    public SearchManager Manager(string owner, TimeSpan ttl, CountingBackend backend, Func<ISearchLeases, ISearchLeases>? link = null)
    {
        var connection = Connect();
        var leases = new RedisSearchLeases(connection, owner, ttl);
        var store = new RedisSearchStore(connection, leases, NullLogger<RedisSearchStore>.Instance);
        return new SearchManager(backend, store, new InMemoryCandidateCacheProvider(), leases: link is null ? leases : link(leases));
    }

    /// <summary>The database, for looking at keys directly.</summary>
    public async Task<IDatabase> DatabaseAsync() => (await Connect().DatabaseAsync(CancellationToken.None))!;

    /// <summary>The small request's spec as the manager takes it.</summary>
    public static DomainSpec Spec(ulong seed) => SpecMapping.ToDomain(Requests.Small(seed: seed).Search.Spec);

    /// <summary>The engine's own result for the spec.</summary>
    public static Task<DomainResult> ReferenceAsync(ulong seed) => Requests.ReferenceAsync(Requests.Small(seed: seed));

    public static void AssertSame(DomainResult expected, DomainResult? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.History.Select(h => (h.Text, h.Score, h.Generation)), actual.History.Select(h => (h.Text, h.Score, h.Generation)));
        Assert.Equal((expected.Best.Text, expected.Best.Score), (actual.Best.Text, actual.Best.Score));
        Assert.Equal(expected.Front.Select(f => (f.Text, f.Score)), actual.Front.Select(f => (f.Text, f.Score)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
            await connection.DisposeAsync();
    }
}

