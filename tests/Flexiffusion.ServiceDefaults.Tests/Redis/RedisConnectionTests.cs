using Flexiffusion.ServiceDefaults.Redis;
using Flexiffusion.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Flexiffusion.ServiceDefaults.Tests.Redis;

/// <summary>The shared Redis connection against real redis-servers that require a password, an ACL user or TLS.</summary>
public sealed class RedisConnectionTests : IDisposable
{
    private const string Password = "redis-password-for-tests-31337";
    private const string UserPassword = "acl-user-password-for-tests-4242";
    private readonly TestCertificates _files = new();
    private readonly LogCapture _logs = new();
    private readonly ILoggerFactory _factory;

    public RedisConnectionTests() => _factory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));

    public void Dispose()
    {
        _factory.Dispose();
        _files.Dispose();
    }

    private RedisConnection Connect(RedisOptions options) => new(Options.Create(options), _factory.CreateLogger<RedisConnection>());

    [SkippableFact]
    public async Task DatabaseAsync_RequirePassFromPasswordFile_Answers()
    {
        using var redis = RedisServer.StartSecured(new RedisSecurity { Password = Password });
        redis.SkipUnlessAvailable();
        await using var connection = Connect(new RedisOptions { Configuration = redis.Configuration, PasswordFile = _files.Write("redis-password", Password + "\n") });

        var database = await connection.DatabaseAsync(CancellationToken.None);
        await database!.StringSetAsync("flexiffusion:test", "ok");

        Assert.Equal("ok", (string?)await database.StringGetAsync("flexiffusion:test"));
        Assert.DoesNotContain(Password, _logs.Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task DatabaseAsync_RequirePassWithoutPassword_CommandsFailAndTheWarningNamesOnlyTheEndpoint()
    {
        using var redis = RedisServer.StartSecured(new RedisSecurity { Password = Password });
        redis.SkipUnlessAvailable();
        await using var connection = Connect(new RedisOptions { Configuration = redis.Configuration + ",password=wrong-password-0123456789" });

        var database = await connection.DatabaseAsync(CancellationToken.None);

        await Assert.ThrowsAnyAsync<RedisException>(() => database!.PingAsync());
        Assert.Contains($"Redis at {redis.Configuration} is not reachable yet", _logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-0123456789", _logs.Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task DatabaseAsync_AclUserWithPasswordFromEnvironmentStyleSetting_Answers()
    {
        using var redis = RedisServer.StartSecured(new RedisSecurity { Password = Password, User = "flexiffusion", UserPassword = UserPassword });
        redis.SkipUnlessAvailable();
        await using var connection = Connect(new RedisOptions { Configuration = redis.Configuration + ",user=flexiffusion", Password = UserPassword });

        var database = await connection.DatabaseAsync(CancellationToken.None);
        var whoami = await database!.ExecuteAsync("ACL", "WHOAMI");

        Assert.Equal("flexiffusion", (string?)whoami);
    }

    [SkippableFact]
    public async Task DatabaseAsync_TlsServerTrustedThroughCaFile_Answers()
    {
        using var redis = RedisServer.StartSecured(new RedisSecurity { Password = Password, Tls = (_files.ServerCertFile, _files.ServerKeyFile, _files.CaFile) });
        redis.SkipUnlessAvailable();
        await using var connection = Connect(new RedisOptions
        {
            Configuration = redis.Configuration + ",ssl=true,sslHost=localhost",
            PasswordFile = _files.Write("redis-password", Password),
            CaFile = _files.CaFile,
        });

        var database = await connection.DatabaseAsync(CancellationToken.None);

        Assert.True(database!.Multiplexer.IsConnected);
        Assert.True(await database.PingAsync() >= TimeSpan.Zero);
    }

    [SkippableFact]
    public async Task DatabaseAsync_TlsServerWithAStrangersCa_DoesNotConnect()
    {
        using var redis = RedisServer.StartSecured(new RedisSecurity { Tls = (_files.ServerCertFile, _files.ServerKeyFile, _files.CaFile) });
        redis.SkipUnlessAvailable();
        await using var connection = Connect(new RedisOptions { Configuration = redis.Configuration + ",ssl=true,sslHost=localhost", CaFile = _files.StrangerCaFile });

        var database = await connection.DatabaseAsync(CancellationToken.None);

        Assert.False(database!.Multiplexer.IsConnected);
        await Assert.ThrowsAnyAsync<RedisException>(() => database.PingAsync());
    }

    [Fact]
    public void DescribeEndpoints_ConfigurationWithPassword_OnlyTheEndpoints()
    {
        string described = RedisConnection.DescribeEndpoints("redis-a:6379,redis-b:6380,user=flexiffusion,password=hunter2-hunter2,ssl=true");

        Assert.Equal("redis-a:6379,redis-b:6380", described);
    }
}
