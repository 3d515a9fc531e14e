using System.Collections.Concurrent;
using System.Net;
using Flexiffusion.ServiceDefaults.Hosting;
using Flexiffusion.ServiceDefaults.Security;
using Flexiffusion.Testing;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flexiffusion.Controller.Tests.TestSupport;

/// <summary>
/// A real gRPC server on loopback implementing the Evaluator contract with <see cref="SyntheticFitness.Error"/>
/// (the torch evaluator is tested elsewhere). It records what it received and answered and the most
/// candidates ever outstanding on one stream, and can be held, made to reject, made to hang, or killed
/// abruptly; it can ask for a bearer token and serve TLS or mutual TLS like the real services. Its delay only simulates work: tests synchronise on its gate and signals, never on the delay.
/// </summary>
public sealed class SyntheticEvaluatorServer : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly CancellationTokenSource _killed = new();
    private readonly TaskCompletionSource _hung = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _killing = new();
    private Task? _stopped;
    private readonly ConcurrentQueue<string> _received = new();
    private readonly ConcurrentQueue<string> _answered = new();
    private readonly ConcurrentQueue<string> _cancelRequests = new();
    private int _maxOutstanding;
    private int _refused;
    private int _streams;
    private int _transientFailures;
    private int _hangs;

    private SyntheticEvaluatorServer(string id, int capacity, TimeSpan delay, string checksum)
    {
        Id = id;
        Capacity = capacity;
        Delay = delay;
        Checksum = checksum;
    }

    public string Id { get; }

    public int Capacity { get; }

    public TimeSpan Delay { get; }

    public string Checksum { get; }

    public string Address { get; private set; } = "";

    public Gate Gate { get; } = new();

    /// <summary>Answer every candidate with INVALID_ARGUMENT.</summary>
    public bool Reject { get; set; }

    /// <summary>Answer this many candidates with UNAVAILABLE first (a replica in trouble).</summary>
    public int TransientFailures
    {
        get => Volatile.Read(ref _transientFailures);
        set => Volatile.Write(ref _transientFailures, value);
    }

    /// <summary>Never answer this many candidates first (a replica stuck on them until its stream is reset).</summary>
    public int Hangs
    {
        get => Volatile.Read(ref _hangs);
        set => Volatile.Write(ref _hangs, value);
    }

    /// <summary>Completes when the first of <see cref="Hangs"/> candidates started hanging.</summary>
    public Task Hung => _hung.Task;

    /// <summary>Evaluate streams opened by callers.</summary>
    public int Streams => Volatile.Read(ref _streams);

    /// <summary>Kill the server on receiving this many candidates: that one and any still in flight are never answered.</summary>
    public int KillAfter { get; set; } = int.MaxValue;

    public IReadOnlyList<string> Received => [.. _received];

    public IReadOnlyList<string> Answered => [.. _answered];

    /// <summary>The request ids the controller asked this evaluator to stop.</summary>
    public IReadOnlyList<string> CancelRequests => [.. _cancelRequests];

    public int MaxOutstanding => Volatile.Read(ref _maxOutstanding);

    /// <summary>Candidates refused because the caller exceeded the capacity.</summary>
    public int Refused => Volatile.Read(ref _refused);

    internal CancellationToken Killed => _killed.Token;

    /// <param name="id">The evaluator's id.</param>
    /// <param name="capacity">Candidates one stream may have outstanding.</param>
    /// <param name="delay">Simulated work per candidate.</param>
    /// <param name="checksum">The model checksum it reports.</param>
    /// <param name="port">The port (0 picks one).</param>
    /// <param name="token">When set, every call but health needs this bearer token (the services' own interceptor).</param>
    /// <param name="tls">When set, TLS with its server certificate; with <paramref name="requireClientCertificate"/>, mutual TLS against its CA.</param>
    /// <param name="requireClientCertificate">Refuse clients without a certificate issued by <paramref name="tls"/>'s CA.</param>
    public static async Task<SyntheticEvaluatorServer> StartAsync(string id, int capacity = 2, TimeSpan? delay = null, string checksum = "sha256:synthetic", int port = 0,
        string? token = null, TestCertificates? tls = null, bool requireClientCertificate = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, o =>
        {
            o.Protocols = HttpProtocols.Http2;
            if (tls is not null)
            {
                o.UseHttps(https =>
                {
                    https.ServerCertificate = new CertificateOptions { Path = tls.ServerCertFile, KeyPath = tls.ServerKeyFile }.Load();
                    if (requireClientCertificate)
                    {
                        var roots = CertificateTrust.LoadCaFile(tls.CaFile);
                        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                        https.ClientCertificateValidation = (certificate, _, _) => CertificateTrust.IsTrusted(certificate, roots, hostName: null);
                    }
                });
            }
        }));
        builder.Services.AddSingleton(token is null ? TokenSet.Of() : TokenSet.Of(token));
        builder.Services.AddGrpc(o => o.Interceptors.Add<BearerTokenInterceptor>());
        builder.Services.AddSingleton<HealthServiceImpl>();
        var server = new SyntheticEvaluatorServer(id, capacity, delay ?? TimeSpan.FromMilliseconds(10), checksum);
        builder.Services.AddSingleton(server);
        var app = builder.Build();
        server._app = app;
        app.MapGrpcService<HealthServiceImpl>();
        app.MapGrpcService<SyntheticEvaluatorService>();
        await app.StartAsync();
        server.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        app.Services.GetRequiredService<HealthServiceImpl>().SetServing("flexiffusion.evaluator.v1.EvaluatorService", true);
        return server;
    }

    /// <summary>Stops at once: open streams break, in-flight candidates are never answered, the port refuses connections.</summary>
    public Task KillAsync()
    {
        // Cancelled here, on the caller's thread: candidates in flight and the one being received see it before they could answer.
        _killed.Cancel();
        lock (_killing)
            return _stopped ??= Task.Run(() => _app.StopAsync(new CancellationToken(true)));
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        await _app.DisposeAsync();
        _killed.Dispose();
    }

    internal void OnReceived(string candidate)
    {
        _received.Enqueue(candidate);
        if (_received.Count >= KillAfter)
            _ = KillAsync();
    }

    internal void OnStream() => Interlocked.Increment(ref _streams);

    /// <summary>Whether this answer should be a transient failure (counts down <see cref="TransientFailures"/>).</summary>
    internal bool TakeTransientFailure()
    {
        int left;
        while ((left = Volatile.Read(ref _transientFailures)) > 0)
        {
            if (Interlocked.CompareExchange(ref _transientFailures, left - 1, left) == left)
                return true;
        }
        return false;
    }

    internal bool TakeHang()
    {
        if (Interlocked.Decrement(ref _hangs) < 0)
            return false;
        _hung.TrySetResult();
        return true;
    }

    internal void OnAnswered(string candidate) => _answered.Enqueue(candidate);

    internal void OnCancelRequested(string requestId) => _cancelRequests.Enqueue(requestId);

    internal void OnOutstanding(int outstanding)
    {
        int seen;
        while (outstanding > (seen = Volatile.Read(ref _maxOutstanding)) && Interlocked.CompareExchange(ref _maxOutstanding, outstanding, seen) != seen)
        {
        }
    }

    internal void OnRefused() => Interlocked.Increment(ref _refused);
}
