using Flexiffusion.ServiceDefaults.Hosting;
using Flexiffusion.ServiceDefaults.Security;
using Flexiffusion.Testing;
using Grpc.Core;
using Grpc.HealthCheck;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flexiffusion.ServiceDefaults.Tests.TestSupport;

/// <summary>
/// A real service built from the shared defaults alone (health, reflection, metrics) on Kestrel, with its log captured.
/// Reflection stands for every protected gRPC method: it goes through the same interceptor as the services' own.
/// </summary>
internal sealed class TestService : IAsyncDisposable
{
    private readonly List<GrpcChannel> _channels = [];

    private TestService(WebApplication app, LogCapture logs)
    {
        App = app;
        Logs = logs;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(Reachable).ToList();
        Address = addresses[0];
        MetricsAddress = addresses.Count > 1 ? addresses[1] : null;
    }

    public WebApplication App { get; }

    public LogCapture Logs { get; }

    /// <summary>The gRPC endpoint, e.g. https://127.0.0.1:41234 (a wildcard bind reached through loopback).</summary>
    public string Address { get; }

    /// <summary>The metrics endpoint, when enabled.</summary>
    public string? MetricsAddress { get; }

    /// <summary>Builds the service; <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> comes from starting it.</summary>
    public static WebApplication Build(IDictionary<string, string?> settings, LogCapture logs)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Endpoints:GrpcPort"] = "0",
            ["Logging:LogLevel:Default"] = "Debug",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults("flexiffusion-test");
        builder.Logging.AddProvider(logs);
        var app = builder.Build();
        app.MapServiceDefaults();
        return app;
    }

    public static async Task<TestService> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var logs = new LogCapture();
        var app = Build(settings ?? new Dictionary<string, string?>(), logs);
        await app.StartAsync();
        app.Services.GetRequiredService<HealthServiceImpl>().SetServing("flexiffusion.test", true);
        return new TestService(app, logs);
    }

    /// <summary>A channel to the gRPC endpoint with <paramref name="credentials"/>.</summary>
    public GrpcChannel Channel(ClientCredentialOptions? credentials = null)
    {
        var channel = SecureChannel.Create(Address, credentials ?? new ClientCredentialOptions());
        _channels.Add(channel);
        return channel;
    }

    /// <summary>Lists the services through reflection (a protected method); throws the call's <see cref="RpcException"/>.</summary>
    public static async Task<IReadOnlyList<string>> ListServicesAsync(GrpcChannel channel)
    {
        var client = new ServerReflection.ServerReflectionClient(channel);
        using var timeout = new CancellationTokenSource(Patience.Limit);
        using var call = client.ServerReflectionInfo(cancellationToken: timeout.Token);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        var names = new List<string>();
        await foreach (var response in call.ResponseStream.ReadAllAsync(timeout.Token))
            names.AddRange(response.ListServicesResponse.Service.Select(s => s.Name));
        return names;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
            channel.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private static string Reachable(string address) =>
        address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
}
