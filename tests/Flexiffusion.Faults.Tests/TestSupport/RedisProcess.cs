using System.Diagnostics;
using System.Globalization;
using Flexiffusion.Testing;
using StackExchange.Redis;

namespace Flexiffusion.Faults.Tests.TestSupport;

/// <summary>
/// A real redis-server on a free loopback port with an append-only file in its own folder, so that it can be shut down
/// and started again on the same port with its data (as a Redis with persistence restarts). redis-server is required.
/// </summary>
internal sealed class RedisProcess : IDisposable
{
    private readonly string _directory;
    private ChildProcess? _server;
    private ConnectionMultiplexer? _client;

    public RedisProcess(string directory)
    {
        _directory = Directory.CreateDirectory(directory).FullName;
        Port = FreePort.Next();
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string the services are given.</summary>
    public string Configuration => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Every line the servers printed, across restarts.</summary>
    public IList<ChildProcess> Runs { get; } = [];

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Find())
        {
            WorkingDirectory = _directory,
            ArgumentList =
            {
                "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory,
                "--save", "", "--appendonly", "yes", "--appendfsync", "always",
            },
        };
        _server = ChildProcess.Start($"redis-server#{Runs.Count + 1}", start);
        Runs.Add(_server);
        await _server.WaitForAsync("Ready to accept connections").ConfigureAwait(false);
    }

    /// <summary>SHUTDOWN (the append-only file is complete), then waits until the process has exited.</summary>
    public async Task ShutdownAsync()
    {
        var server = _server ?? throw new InvalidOperationException("redis-server is not running");
        server.Signal("TERM");
        await server.WaitForExitAsync().ConfigureAwait(false);
        _server = null;
    }

    /// <summary>A client of the test's own (to corrupt entries and read records), connected on first use.</summary>
    public async Task<IDatabase> DatabaseAsync()
    {
        _client ??= await ConnectionMultiplexer.ConnectAsync(Configuration + ",allowAdmin=true").ConfigureAwait(false);
        return _client.GetDatabase();
    }

    /// <summary>Every key that matches <paramref name="pattern"/> (SCAN).</summary>
    public async Task<IReadOnlyList<RedisKey>> KeysAsync(string pattern)
    {
        await DatabaseAsync().ConfigureAwait(false);
        var server = _client!.GetServer(_client.GetEndPoints()[0]);
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: pattern).ConfigureAwait(false))
            keys.Add(key);
        return keys;
    }

    public void Dispose()
    {
        _client?.Dispose();
        foreach (var run in Runs)
            run.Dispose();
    }

    private static string Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin").Append("/usr/sbin")
            .Select(d => Path.Combine(d, "redis-server")).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server); .ci/run installs it");
}
