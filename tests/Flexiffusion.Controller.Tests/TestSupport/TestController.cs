using System.Globalization;
using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Controller.Hosting;
using Flexiffusion.ServiceDefaults.Security;
using Flexiffusion.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ControllerClient = Flexiffusion.Contracts.Controller.V1.SearchService.SearchServiceClient;

namespace Flexiffusion.Controller.Tests.TestSupport;

/// <summary>The real controller host in process on a free loopback port, with a real gRPC client.</summary>
public sealed class TestController : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private TestController(WebApplication app, string address)
    {
        _app = app;
        Address = address;
        _channel = GrpcChannel.ForAddress(address);
        Client = new ControllerClient(_channel);
    }

    public string Address { get; }

    public ControllerClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>A client of the controller with <paramref name="credentials"/> (dispose the channel).</summary>
    public (GrpcChannel Channel, ControllerClient Client) ClientWith(ClientCredentialOptions credentials)
    {
        var channel = SecureChannel.Create(Address, credentials);
        return (channel, new ControllerClient(channel));
    }

    /// <summary>
    /// Starts a controller over <paramref name="evaluators"/> (fast health checks and retries, deadlines no loaded
    /// machine reaches), optionally with Redis, and waits until it serves.
    /// </summary>
    public static async Task<TestController> StartAsync(IEnumerable<string> evaluators, string? redis = null, IEnumerable<string>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var args = new List<string>
        {
            "--Endpoints:Address=127.0.0.1",
            "--Endpoints:GrpcPort=0",
            "--Endpoints:MetricsPort=-1",
            "--Controller:HealthInterval=00:00:00.100",
            "--Controller:InfoTimeout=00:00:30",
            "--Controller:CallTimeout=00:00:20",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Flexiffusion=Warning",
        };
        args.AddRange(evaluators.Select((e, i) => string.Create(CultureInfo.InvariantCulture, $"--Controller:Evaluators:{i}={e}")));
        if (redis is not null)
            args.Add($"--Redis:Configuration={redis}");
        args.AddRange(settings ?? []);
        var app = ControllerHost.Build([.. args], configure);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var controller = new TestController(app, address);
        await controller.WaitServingAsync();
        return controller;
    }

    /// <summary>Watches a search to its end; <paramref name="release"/> is opened once the first (state) message arrived, so no update is missed.</summary>
    public async Task<List<SearchUpdate>> WatchAsync(string id, Func<SearchUpdate, Task>? onUpdate = null, Gate? release = null)
    {
        using var timeout = new CancellationTokenSource(Patience.Limit);
        using var call = Client.WatchSearch(new WatchSearchRequest { Name = "searches/" + id }, cancellationToken: timeout.Token);
        var updates = new List<SearchUpdate>();
        await foreach (var update in call.ResponseStream.ReadAllAsync(timeout.Token))
        {
            updates.Add(update);
            if (updates.Count == 1)
                release?.Open();
            if (onUpdate is not null)
                await onUpdate(update);
        }
        return updates;
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task WaitServingAsync()
    {
        var health = new Health.HealthClient(_channel);
        await Patience.UntilAsync(async () =>
            (await health.CheckAsync(new HealthCheckRequest { Service = "flexiffusion.controller.v1.SearchService" })).Status == HealthCheckResponse.Types.ServingStatus.Serving,
            "the controller reported SERVING");
    }
}
