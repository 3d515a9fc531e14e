using System.Diagnostics;
using System.Net.Sockets;
using Xunit;

namespace Flexiffusion.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, without persistence, for one test class
/// (use as an xunit class fixture), open; or, through <see cref="StartSecured"/>, with a password, an ACL user or TLS. When redis-server is not installed, <see cref="Available"/> is
/// false and tests skip with <see cref="SkipUnlessAvailable"/> (CI installs it with apt-get).
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process? _process;

    public RedisServer()
        : this(null)
    {
    }

    private RedisServer(RedisSecurity? security)
    {
        string? path = Find();
        if (path is null)
            return;
        Port = FreePort.Next();
        string port = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(path)
        {
            ArgumentList = { "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (security?.Tls is { } tls)
        {
            foreach (string arg in new[] { "--port", "0", "--tls-port", port, "--tls-cert-file", tls.CertFile, "--tls-key-file", tls.KeyFile, "--tls-ca-cert-file", tls.CaFile, "--tls-auth-clients", "no" })
                start.ArgumentList.Add(arg);
        }
        else
        {
            start.ArgumentList.Add("--port");
            start.ArgumentList.Add(port);
        }
        if (security?.Password is { } password)
        {
            start.ArgumentList.Add("--requirepass");
            start.ArgumentList.Add(password);
        }
        if (security?.User is { } user)
        {
            foreach (string arg in new[] { "--user", user, "on", ">" + security.UserPassword, "~*", "&*", "+@all" })
                start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilListening();
    }

    /// <summary>A server protected by <paramref name="security"/> (password, ACL user, TLS); dispose it.</summary>
    public static RedisServer StartSecured(RedisSecurity security)
    {
        ArgumentNullException.ThrowIfNull(security);
        return new RedisServer(security);
    }

    /// <summary>Whether a server is running.</summary>
    public bool Available => _process is not null;

    /// <summary>Its port.</summary>
    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Skips the calling test when redis-server is not installed.</summary>
    public void SkipUnlessAvailable() =>
        Skip.IfNot(Available, "redis-server is not installed (apt-get install redis-server); .ci/run installs it");

    /// <summary>Stops the server (tests of an unavailable Redis).</summary>
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
    }

    public void Dispose()
    {
        Stop();
        _process?.Dispose();
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow + Patience.Limit;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new InvalidOperationException($"redis-server did not listen on port {Port} within {Patience.Limit.TotalSeconds:F0} s");
    }

    private static string? Find()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin").Append("/usr/sbin"))
        {
            string candidate = Path.Combine(dir, "redis-server");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
