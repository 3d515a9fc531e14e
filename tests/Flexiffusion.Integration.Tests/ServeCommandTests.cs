using System.Globalization;
using Flexiffusion.Integration.Tests.TestSupport;
using Flexiffusion.Testing;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Flexiffusion.Integration.Tests;

/// <summary><c>flexiffusion serve</c> starts the real services in the CLI's process.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task ServeEvaluator_StartsServesAndStopsOnCancel()
    {
        int port = FreePort.Next();
        using var stop = new CancellationTokenSource();
        var serve = CliRunner.RunAsync(["serve", "evaluator", "--port", port.ToString(CultureInfo.InvariantCulture),
            "--Evaluator:Models:0:Name=tiny", $"--Evaluator:Models:0:Config={TinyModels.Config32}", "--Evaluator:Models:0:RandomWeights=true",
            $"--Evaluator:Models:0:Features={RepositoryPaths.FeatureNetwork}", "--Logging:LogLevel:Default=Warning"], stop.Token);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var evaluator = new Contracts.Evaluator.V1.EvaluatorService.EvaluatorServiceClient(channel);

        await WaitServingAsync(new Health.HealthClient(channel), serve);
        var info = await evaluator.GetEvaluatorInfoAsync(new Contracts.Evaluator.V1.GetEvaluatorInfoRequest());
        await stop.CancelAsync();
        var (code, _, error) = await serve;

        Assert.Equal("tiny", Assert.Single(info.Models).Name);
        Assert.StartsWith("random:", info.Models[0].Checksum, StringComparison.Ordinal);
        Assert.Equal(0, code);
        Assert.Contains($"evaluator listening on http://127.0.0.1:{port}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeController_WithoutEvaluators_ExitsTwoWithTheSettingNamed()
    {
        var (code, _, error) = await CliRunner.RunAsync(["serve", "controller", "--port", FreePort.Next().ToString(CultureInfo.InvariantCulture)]);

        Assert.Equal(2, code);
        Assert.Contains("Evaluators", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeEvaluator_NonLoopbackAddressWithoutAuthentication_ExitsTwoNamingTheInsecureFlag()
    {
        var (code, _, error) = await CliRunner.RunAsync(["serve", "evaluator", "--address", "0.0.0.0", "--port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--Evaluator:Models:0:Name=tiny", $"--Evaluator:Models:0:Config={TinyModels.Config32}", "--Evaluator:Models:0:RandomWeights=true",
            $"--Evaluator:Models:0:Features={RepositoryPaths.FeatureNetwork}", "--Logging:LogLevel:Default=Warning"]);

        Assert.Equal(2, code);
        Assert.Contains("0.0.0.0 is not a loopback address and no authentication is configured", error, StringComparison.Ordinal);
        Assert.Contains("--insecure", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task ServeEvaluator_NonLoopbackAddressInsecure_StartsAndServes()
    {
        int port = FreePort.Next();
        using var stop = new CancellationTokenSource();
        var serve = CliRunner.RunAsync(["serve", "evaluator", "--address", "0.0.0.0", "--insecure", "--port", port.ToString(CultureInfo.InvariantCulture),
            "--Evaluator:Models:0:Name=tiny", $"--Evaluator:Models:0:Config={TinyModels.Config32}", "--Evaluator:Models:0:RandomWeights=true",
            $"--Evaluator:Models:0:Features={RepositoryPaths.FeatureNetwork}", "--Logging:LogLevel:Default=Warning"], stop.Token);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");

        await WaitServingAsync(new Health.HealthClient(channel), serve);
        var info = await new Contracts.Evaluator.V1.EvaluatorService.EvaluatorServiceClient(channel).GetEvaluatorInfoAsync(new Contracts.Evaluator.V1.GetEvaluatorInfoRequest());
        await stop.CancelAsync();
        var (code, _, error) = await serve;

        Assert.Equal("tiny", Assert.Single(info.Models).Name);
        Assert.Equal(0, code);
        Assert.Contains($"evaluator listening on http://0.0.0.0:{port}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeController_TokenFileMissing_ExitsTwoWithTheSettingNamed()
    {
        var (code, _, error) = await CliRunner.RunAsync(["serve", "controller", "--port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--evaluator", "http://127.0.0.1:1", "--token-file", "/nonexistent/tokens"]);

        Assert.Equal(2, code);
        Assert.Contains("Auth:TokenFile: no such file '/nonexistent/tokens'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UnknownFlag_ExitsTwo()
    {
        var (code, _, error) = await CliRunner.RunAsync(["serve", "evaluator", "--bogus"]);

        Assert.Equal(2, code);
        Assert.Contains("--bogus", error, StringComparison.Ordinal);
    }

    private static async Task WaitServingAsync(Health.HealthClient health, Task running)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !running.IsCompleted)
        {
            try
            {
                var status = await health.CheckAsync(new HealthCheckRequest { Service = "flexiffusion.evaluator.v1.EvaluatorService" });
                if (status.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                    return;
            }
            catch (Grpc.Core.RpcException)
            {
            }
            await Task.Delay(50);
        }
        var (code, _, error) = running.IsCompleted ? await (Task<(int, string, string)>)running : (-1, "", "");
        throw new TimeoutException($"the evaluator did not report SERVING (exit {code}: {error})");
    }
}
