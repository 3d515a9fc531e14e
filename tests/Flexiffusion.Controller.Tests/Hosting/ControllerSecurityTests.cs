using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Controller.Evaluators;
using Flexiffusion.Controller.Tests.TestSupport;
using Flexiffusion.ServiceDefaults.Security;
using Flexiffusion.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Flexiffusion.Controller.Tests.Hosting;

/// <summary>The controller behind bearer tokens, and its own credentials towards protected evaluators, over real gRPC on loopback.</summary>
public sealed class ControllerSecurityTests : IDisposable
{
    private const string ClientToken = "client-token-for-tests-0001";
    private const string EvaluatorToken = "evaluator-token-for-tests-0002";
    private const string RedisPassword = "redis-password-for-tests-0003";
    private readonly TestCertificates _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task CreateSearch_TokensConfigured_UnauthenticatedWithoutOrWithAWrongTokenRunsWithTheRightOne()
    {
        await using var evaluator = await SyntheticEvaluatorServer.StartAsync("eval-a");
        await using var controller = await TestController.StartAsync([evaluator.Address], settings: [$"--Auth:Tokens:0={ClientToken}"]);
        var (wrongChannel, wrong) = controller.ClientWith(new ClientCredentialOptions { Token = ClientToken + "-wrong" });
        var (rightChannel, right) = controller.ClientWith(new ClientCredentialOptions { Token = ClientToken });
        using var disposeWrong = wrongChannel;
        using var disposeRight = rightChannel;

        var missing = await Assert.ThrowsAsync<RpcException>(() => controller.Client.CreateSearchAsync(Requests.Small("anonymous")).ResponseAsync);
        var refused = await Assert.ThrowsAsync<RpcException>(() => wrong.CreateSearchAsync(Requests.Small("wrong")).ResponseAsync);
        var listed = await Assert.ThrowsAsync<RpcException>(() => controller.Client.ListSearchesAsync(new ListSearchesRequest()).ResponseAsync);
        var created = await right.CreateSearchAsync(Requests.Small("authorized"));
        var final = await WatchToTheEndAsync(right, "authorized");

        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated, StatusCode.Unauthenticated), (missing.StatusCode, refused.StatusCode, listed.StatusCode));
        Assert.Equal(BearerTokenInterceptor.Refusal, refused.Status.Detail);
        Assert.Equal("searches/authorized", created.Name);
        Assert.Equal(SearchUpdate.KindOneofCase.Result, final.KindCase);
    }

    [Fact]
    public async Task Search_TokenProtectedEvaluator_ControllerSendsItsCredentialOnEveryCallAndCompletes()
    {
        await using var evaluator = await SyntheticEvaluatorServer.StartAsync("eval-a", token: EvaluatorToken);
        string tokenFile = _files.Write("evaluator-token", EvaluatorToken + "\n");
        await using var controller = await TestController.StartAsync([evaluator.Address], settings: [$"--Controller:EvaluatorCredentials:TokenFile={tokenFile}"]);
        var request = Requests.Small("to-a-protected-evaluator", seed: 31);

        await controller.Client.CreateSearchAsync(request);
        var updates = await controller.WatchAsync("to-a-protected-evaluator");

        Requests.AssertSame(await Requests.ReferenceAsync(request), updates[^1].Result);
        Assert.NotEmpty(evaluator.Received);
    }

    [Fact]
    public async Task Connect_EvaluatorTokenMissing_EveryConnectionIsRefusedUnauthenticated()
    {
        await using var evaluator = await SyntheticEvaluatorServer.StartAsync("eval-a", token: EvaluatorToken);
        var logs = new LogCapture();
        await using var controller = await TestController.StartAsync([evaluator.Address],
            settings: ["--Logging:LogLevel:Flexiffusion=Information"], configure: b => b.Logging.AddProvider(logs));

        await Patience.UntilAsync(() => logs.Text.Contains(BearerTokenInterceptor.Refusal, StringComparison.Ordinal), "the controller logged the evaluator's refusal");

        Assert.Empty(evaluator.Received);
        Assert.Equal(0, evaluator.Streams);
    }

    [Fact]
    public async Task Search_MutualTlsEvaluator_ControllerTrustsItsCaPresentsItsCertificateAndCompletes()
    {
        await using var evaluator = await SyntheticEvaluatorServer.StartAsync("eval-a", token: EvaluatorToken, tls: _files, requireClientCertificate: true);
        await using var controller = await TestController.StartAsync([evaluator.Address], settings:
        [
            $"--Controller:EvaluatorCredentials:Token={EvaluatorToken}",
            $"--Controller:EvaluatorCredentials:CaFile={_files.CaFile}",
            $"--Controller:EvaluatorCredentials:Certificate:Path={_files.ClientCertFile}",
            $"--Controller:EvaluatorCredentials:Certificate:KeyPath={_files.ClientKeyFile}",
        ]);
        var request = Requests.Small("over-mutual-tls", seed: 32);

        await controller.Client.CreateSearchAsync(request);
        var updates = await controller.WatchAsync("over-mutual-tls");

        Assert.StartsWith("https://127.0.0.1:", evaluator.Address, StringComparison.Ordinal);
        Requests.AssertSame(await Requests.ReferenceAsync(request), updates[^1].Result);
    }

    [Fact]
    public async Task Search_EvaluatorFoundByDnsWithHttpsScheme_ConnectsOverTls()
    {
        await using var evaluator = await SyntheticEvaluatorServer.StartAsync("eval-dns", token: EvaluatorToken, tls: _files);
        int port = new Uri(evaluator.Address).Port;
        var resolver = new SwitchableResolver { Addresses = [System.Net.IPAddress.Loopback] };
        await using var controller = await TestController.StartAsync([], settings:
        [
            $"--Controller:EvaluatorDns=evaluators.test:{port}",
            "--Controller:EvaluatorDnsScheme=https",
            $"--Controller:EvaluatorCredentials:Token={EvaluatorToken}",
            $"--Controller:EvaluatorCredentials:CaFile={_files.CaFile}",
        ], configure: b => b.Services.Replace(ServiceDescriptor.Singleton<IEvaluatorAddressResolver>(resolver)));
        var pool = controller.Services.GetRequiredService<EvaluatorPool>();

        await controller.Client.CreateSearchAsync(Requests.Small("via-dns-over-tls"));
        var updates = await controller.WatchAsync("via-dns-over-tls");

        Assert.Equal([$"https://127.0.0.1:{port}"], pool.Addresses);
        Assert.Equal(SearchUpdate.KindOneofCase.Result, updates[^1].KindCase);
    }

    [Fact]
    public async Task Start_EvaluatorCredentialFileMissing_FailsNamingTheSetting()
    {
        await using var app = Controller.Hosting.ControllerHost.Build(["--Endpoints:GrpcPort=0", "--Logging:LogLevel:Default=None",
            "--Controller:Evaluators:0=https://127.0.0.1:1", "--Controller:EvaluatorCredentials:TokenFile=/nonexistent/evaluator-token"]);

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Controller:EvaluatorCredentials:TokenFile: no such file '/nonexistent/evaluator-token'", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Logs_StartAndSearchWithTokensAndRedisPassword_NeverContainASecret()
    {
        using var redis = RedisServer.StartSecured(new RedisSecurity { Password = RedisPassword });
        redis.SkipUnlessAvailable();
        await using var evaluator = await SyntheticEvaluatorServer.StartAsync("eval-a", token: EvaluatorToken);
        var logs = new LogCapture();
        await using var controller = await TestController.StartAsync([evaluator.Address], redis.Configuration, settings:
        [
            $"--Auth:TokenFile={_files.Write("tokens", ClientToken)}",
            $"--Controller:EvaluatorCredentials:Token={EvaluatorToken}",
            $"--Redis:PasswordFile={_files.Write("redis-password", RedisPassword)}",
            "--Logging:LogLevel:Default=Trace",
            "--Logging:LogLevel:Flexiffusion=Trace",
        ], configure: b => b.Logging.AddProvider(logs));
        var (channel, client) = controller.ClientWith(new ClientCredentialOptions { Token = ClientToken });
        using var dispose = channel;
        var (wrongChannel, wrong) = controller.ClientWith(new ClientCredentialOptions { Token = "wrong-" + ClientToken });
        using var disposeWrong = wrongChannel;

        await client.CreateSearchAsync(Requests.Small("logged", seed: 33));
        var final = await WatchToTheEndAsync(client, "logged");
        await Assert.ThrowsAsync<RpcException>(() => wrong.GetSearchAsync(new GetSearchRequest { Name = "searches/logged" }).ResponseAsync);

        Assert.Equal(SearchUpdate.KindOneofCase.Result, final.KindCase);
        Assert.Contains("bearer tokens (1 accepted)", logs.Text, StringComparison.Ordinal);
        Assert.Contains("Refused /flexiffusion.controller.v1.SearchService/GetSearch", logs.Text, StringComparison.Ordinal);
        foreach (string secret in new[] { ClientToken, EvaluatorToken, RedisPassword })
            Assert.DoesNotContain(secret, logs.Text, StringComparison.Ordinal);
    }

    private static async Task<SearchUpdate> WatchToTheEndAsync(SearchService.SearchServiceClient client, string id)
    {
        using var timeout = new CancellationTokenSource(Patience.Limit);
        using var call = client.WatchSearch(new WatchSearchRequest { Name = "searches/" + id }, cancellationToken: timeout.Token);
        SearchUpdate? last = null;
        await foreach (var update in call.ResponseStream.ReadAllAsync(timeout.Token))
            last = update;
        return last!;
    }
}
