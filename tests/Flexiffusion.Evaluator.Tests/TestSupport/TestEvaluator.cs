using System.Globalization;
using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Scoring;
using Flexiffusion.Evaluator.Hosting;
using Flexiffusion.Evaluator.Telemetry;
using Flexiffusion.Testing;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flexiffusion.Evaluator.Tests.TestSupport;

/// <summary>A real evaluator host on a free loopback port, serving the tiny random-weights model, with a gRPC channel to it.</summary>
internal sealed class TestEvaluator : IAsyncDisposable
{
    public const string TinyConfig = TinyModels.Config32;

    private TestEvaluator(WebApplication app, string address)
    {
        App = app;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
        Client = new Contracts.Evaluator.V1.EvaluatorService.EvaluatorServiceClient(Channel);
        Health = new Health.HealthClient(Channel);
    }

    public WebApplication App { get; }

    public string Address { get; }

    public GrpcChannel Channel { get; }

    public Contracts.Evaluator.V1.EvaluatorService.EvaluatorServiceClient Client { get; }

    public Health.HealthClient Health { get; }

    public CandidateScorer Scorer => App.Services.GetRequiredService<EvaluatorState>().Scorer!;

    public EvaluatorMetrics Metrics => App.Services.GetRequiredService<EvaluatorMetrics>();

    /// <summary>
    /// Starts a host; <paramref name="settings"/> override the defaults below (a null value removes one),
    /// <paramref name="services"/> may replace services, <paramref name="args"/> are its command line, <paramref name="logs"/> receives its log.
    /// </summary>
    public static async Task<TestEvaluator> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
        bool waitServing = true, string[]? args = null, ILoggerProvider? logs = null)
    {
        var app = Build(settings, services, args);
        if (logs is not null)
            app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var evaluator = new TestEvaluator(app, address);
        if (waitServing)
            await evaluator.WaitServingAsync();
        return evaluator;
    }

    /// <summary>Builds (without starting) a host configured as <see cref="StartAsync"/> describes.</summary>
    public static WebApplication Build(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string[]? args = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Endpoints:Address"] = "127.0.0.1",
            ["Endpoints:GrpcPort"] = "0",
            ["Endpoints:MetricsPort"] = "-1",
            ["Evaluator:Id"] = "test-evaluator",
            ["Evaluator:Capacity"] = "2",
            ["Evaluator:Models:0:Name"] = "tiny",
            ["Evaluator:Models:0:Config"] = TinyConfig,
            ["Evaluator:Models:0:RandomWeights"] = "true",
            ["Evaluator:Models:0:InitSeed"] = "3",
            ["Evaluator:Models:0:Features"] = RepositoryPaths.FeatureNetwork,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null)
                config.Remove(key);
            else
                config[key] = value;
        }
        return EvaluatorHost.Build(args ?? [], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            services?.Invoke(builder.Services);
        });
    }

    /// <summary>Polls health until SERVING.</summary>
    public async Task WaitServingAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience.Limit);
        while (DateTime.UtcNow < deadline)
        {
            var status = await Health.CheckAsync(new HealthCheckRequest { Service = ModelLoader.ServiceName });
            if (status.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                return;
            await Task.Delay(20);
        }
        throw new TimeoutException("the evaluator did not report SERVING");
    }

    /// <summary>Configuration entries that remove the tiny model, so the evaluator serves its default.</summary>
    public static Dictionary<string, string?> WithoutTinyModel() => new()
    {
        ["Evaluator:Models:0:Name"] = null,
        ["Evaluator:Models:0:Config"] = null,
        ["Evaluator:Models:0:RandomWeights"] = null,
        ["Evaluator:Models:0:InitSeed"] = null,
        ["Evaluator:Models:0:Features"] = null,
    };

    /// <summary>Small settings: 10 teacher steps, 8 images, one batch.</summary>
    public static Contracts.Common.V1.EvaluationSettings Settings(int teacherSteps = 10, int images = 8, int batchSize = 8) => new()
    {
        TeacherSteps = teacherSteps,
        Images = images,
        BatchSize = batchSize,
        NoiseSeed = 11,
    };

    public static EvaluateCandidateRequest Request(string candidate, Contracts.Common.V1.EvaluationSettings? settings = null, string? id = null) => new()
    {
        RequestId = id ?? candidate,
        Candidate = candidate,
        Settings = settings ?? Settings(),
    };

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
