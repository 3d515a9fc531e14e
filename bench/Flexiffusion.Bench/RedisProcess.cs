using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Flexiffusion.Bench;

/// <summary>A throw-away redis-server on a free loopback port (null when redis-server is not installed).</summary>
public sealed class RedisProcess : IDisposable
{
    private static readonly string[] Locations = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];
    private static readonly string[] Arguments = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
    private readonly Process _process;

    private RedisProcess(Process process, int port)
    {
        _process = process;
        Configuration = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    public string Configuration { get; }

    public static RedisProcess? TryStart()
    {
        string? path = Locations.FirstOrDefault(File.Exists);
        if (path is null)
            return null;
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        foreach (string arg in Arguments)
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        for (int i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient("127.0.0.1", port);
                return new RedisProcess(process, port);
            }
            catch (SocketException)
            {
                Thread.Sleep(25);
            }
        }
        process.Kill();
        throw new InvalidOperationException("redis-server did not start");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.Dispose();
    }
}
