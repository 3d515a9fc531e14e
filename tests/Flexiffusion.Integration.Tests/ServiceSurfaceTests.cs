using Flexiffusion.Integration.Tests.TestSupport;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;

namespace Flexiffusion.Integration.Tests;

/// <summary>What operators and generic tools see: server reflection (grpcurl) and Prometheus metrics.</summary>
public sealed class ServiceSurfaceTests
{
    [Fact]
    public async Task Reflection_Controller_ListsItsServices()
    {
        await using var cluster = await Cluster.StartAsync(evaluators: 1, redis: null);
        using var channel = GrpcChannel.ForAddress(cluster.ControllerAddress);
        var reflection = new ServerReflection.ServerReflectionClient(channel);

        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }

        Assert.Contains("flexiffusion.controller.v1.SearchService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task Metrics_AfterASearch_ExposeControllerCountersForPrometheus()
    {
        await using var cluster = await Cluster.StartAsync(evaluators: 1, redis: null);
        var (code, _, error) = await CliRunner.RunAsync(["search", "--controller", cluster.ControllerAddress, "--steps", "8", "--images", "6",
            "--batch-size", "6", "--generations", "1", "--population", "4", "--speedup", "2", "--json"]);
        Assert.True(code == 0, error);
        using var http = new HttpClient();

        string metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{cluster.ControllerMetricsPort}/metrics"));

        Assert.Contains("# TYPE flexiffusion_", metrics, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^flexiffusion_controller_candidates_evaluated\w*(\{[^}]*\})? [1-9]", metrics);
    }
}
