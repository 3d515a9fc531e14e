using Flexiffusion.ServiceDefaults.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Flexiffusion.Evaluator.Tests.TestSupport;

/// <summary>Connections to a test redis-server, as a host would make them.</summary>
internal static class Redis
{
    public static RedisConnection Connect(string configuration, TimeSpan? entryTtl = null) => new(
        Options.Create(new RedisOptions { Configuration = configuration, EntryTtl = entryTtl ?? TimeSpan.FromDays(30) }),
        NullLogger<RedisConnection>.Instance);
}
