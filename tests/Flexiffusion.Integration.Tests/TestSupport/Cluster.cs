using Flexiffusion.Controller.Hosting;
using Flexiffusion.Evaluator;
using Flexiffusion.Evaluator.Hosting;
using Flexiffusion.ServiceDefaults.Security;
using Flexiffusion.Testing;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Flexiffusion.Integration.Tests.TestSupport;

/// <summary>
/// Real services on loopback in this process: evaluators serving the tiny random-weights model and a
/// controller that knows them, optionally sharing a real Redis.
/// </summary>
internal sealed class Cluster : IAsyncDisposable
{
    public const string TinyConfig = TinyModels.Config32;

    public const long InitSeed = 3;

    private readonly List<WebApplication> _evaluators = [];
    private readonly List<GrpcChannel> _channels = [];
    private readonly ClusterSecurity? _security;
    private string? _redis;

    private Cluster(ClusterSecurity? security) => _security = security;

    public WebApplication Controller { get; private set; } = null!;

    public string ControllerAddress { get; private set; } = "";

    public int ControllerMetricsPort { get; private set; }

    public IReadOnlyList<string> EvaluatorAddresses { get; private set; } = [];

    public Contracts.Controller.V1.SearchService.SearchServiceClient Client { get; private set; } = null!;

    /// <summary>How many times the evaluators generated a teacher's images, together.</summary>
    public int TeacherComputations => _evaluators.Sum(e => e.Services.GetRequiredService<EvaluatorState>().Scorer?.TeacherComputations ?? 0);

    /// <summary>Starts the evaluators and the controller; with <paramref name="security"/> every service serves TLS and asks for a token.</summary>
    public static async Task<Cluster> StartAsync(int evaluators, string? redis, ClusterSecurity? security = null)
    {
        var cluster = new Cluster(security);
        var addresses = new List<string>();
        cluster._redis = redis;
        for (int i = 0; i < evaluators; i++)
        {
            var app = await cluster.StartEvaluatorAsync(i, port: 0);
            cluster._evaluators.Add(app);
            addresses.Add(AddressOf(app));
        }
        cluster.EvaluatorAddresses = addresses;
        int metricsPort = FreePort.Next();
        var settings = new Dictionary<string, string?>
        {
            ["Endpoints:GrpcPort"] = "0",
            ["Endpoints:MetricsPort"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Redis:Configuration"] = redis ?? "",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        for (int i = 0; i < addresses.Count; i++)
            settings[$"Controller:Evaluators:{i}"] = addresses[i];
        if (security is not null)
        {
            settings["Controller:EvaluatorCredentials:Token"] = security.EvaluatorToken;
            settings["Controller:EvaluatorCredentials:CaFile"] = security.Certificates.CaFile;
        }
        cluster.Controller = ControllerHost.Build([], b => b.Configuration.AddInMemoryCollection(Protect(security, security?.ClientToken, settings)));
        await cluster.Controller.StartAsync();
        cluster.ControllerMetricsPort = metricsPort;
        cluster.ControllerAddress = AddressOf(cluster.Controller, http2Only: true);
        cluster.Client = new Contracts.Controller.V1.SearchService.SearchServiceClient(cluster.Channel(cluster.ControllerAddress));
        await WaitServingAsync(cluster.Channel(cluster.ControllerAddress), "");
        return cluster;
    }

    /// <summary>Stops evaluator <paramref name="index"/> at once: its streams break and its port refuses connections.</summary>
    public Task StopEvaluatorAsync(int index) => _evaluators[index].StopAsync(new CancellationToken(true));

    /// <summary>Starts a stopped evaluator <paramref name="index"/> again, on the port it had, and waits until it serves.</summary>
    public async Task RestartEvaluatorAsync(int index)
    {
        await _evaluators[index].DisposeAsync();
        _evaluators[index] = await StartEvaluatorAsync(index, new Uri(EvaluatorAddresses[index]).Port);
    }

    private async Task<WebApplication> StartEvaluatorAsync(int i, int port)
    {
        var app = EvaluatorHost.Build([], b => b.Configuration.AddInMemoryCollection(Protect(_security, _security?.EvaluatorToken, new Dictionary<string, string?>
        {
            ["Endpoints:GrpcPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Endpoints:MetricsPort"] = "-1",
            ["Evaluator:Id"] = $"evaluator-{i}",
            ["Evaluator:Capacity"] = "2",
            ["Evaluator:Models:0:Name"] = "tiny",
            ["Evaluator:Models:0:Config"] = TinyConfig,
            ["Evaluator:Models:0:RandomWeights"] = "true",
            ["Evaluator:Models:0:InitSeed"] = InitSeed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Evaluator:Models:0:Features"] = RepositoryPaths.FeatureNetwork,
            ["Redis:Configuration"] = _redis ?? "",
            ["Logging:LogLevel:Default"] = "Warning",
        })));
        await app.StartAsync();
        await WaitServingAsync(Channel(AddressOf(app)), ModelLoader.ServiceName);
        return app;
    }

    /// <summary>Adds TLS with the test certificate and the accepted <paramref name="token"/> to a service's settings.</summary>
    private static Dictionary<string, string?> Protect(ClusterSecurity? security, string? token, Dictionary<string, string?> settings)
    {
        if (security is not null)
        {
            settings["Auth:Tokens:0"] = token;
            settings["Endpoints:Certificate:Path"] = security.Certificates.ServerCertFile;
            settings["Endpoints:Certificate:KeyPath"] = security.Certificates.ServerKeyFile;
        }
        return settings;
    }

    private GrpcChannel Channel(string address)
    {
        var channel = SecureChannel.Create(address, new ClientCredentialOptions { Token = _security?.ClientToken, CaFile = _security?.Certificates.CaFile });
        _channels.Add(channel);
        return channel;
    }

    private static string AddressOf(WebApplication app, bool http2Only = false)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        // The gRPC endpoint is the first one Kestrel was told to listen on (the metrics one comes second).
        string address = http2Only ? addresses.First() : addresses.Single();
        return address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
    }

    private static async Task WaitServingAsync(GrpcChannel channel, string service)
    {
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var status = await health.CheckAsync(new HealthCheckRequest { Service = service });
                if (status.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                    return;
            }
            catch (Grpc.Core.RpcException)
            {
            }
            await Task.Delay(25);
        }
        throw new TimeoutException($"{channel.Target} did not report SERVING");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
            channel.Dispose();
        if (Controller is not null)
        {
            await Controller.StopAsync();
            await Controller.DisposeAsync();
        }
        foreach (var app in _evaluators)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
