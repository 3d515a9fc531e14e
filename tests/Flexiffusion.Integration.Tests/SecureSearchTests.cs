using System.Text.Json;
using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Integration.Tests.TestSupport;
using Flexiffusion.ServiceDefaults.Security;
using Flexiffusion.Testing;
using Grpc.Core;

namespace Flexiffusion.Integration.Tests;

/// <summary>
/// The whole system protected: a controller and an evaluator serving TLS and asking for tokens, the controller sending
/// its own token to the evaluator, driven by <c>flexiffusion search --controller https://… --ca-cert --token-file</c>.
/// </summary>
public sealed class SecureSearchTests : IDisposable
{
    private const string ClientToken = "client-token-for-integration-01";
    private const string EvaluatorToken = "evaluator-token-for-integration-02";
    private readonly TestCertificates _certs = new();

    public void Dispose() => _certs.Dispose();

    private static string[] Search(params string[] extra) =>
    [
        "search", "--steps", "8", "--images", "6", "--batch-size", "6", "--seed", "4", "--generations", "2", "--population", "5",
        "--parents", "3", "--mutations", "3", "--crossovers", "2", "--speedup", "2", "--search-seed", "7", "--json", .. extra,
    ];

    [Fact]
    public async Task Search_TlsAndTokensEverywhere_CompletesWithTheTokenAndIsRefusedWithoutIt()
    {
        await using var cluster = await Cluster.StartAsync(evaluators: 1, redis: null, new ClusterSecurity(ClientToken, EvaluatorToken, _certs));
        string tokenFile = _certs.Write("client-token", ClientToken + "\n");

        var searched = await CliRunner.RunAsync(Search("--controller", cluster.ControllerAddress, "--ca-cert", _certs.CaFile, "--token-file", tokenFile, "--id", "secure"));
        var anonymous = await CliRunner.RunAsync(Search("--controller", cluster.ControllerAddress, "--ca-cert", _certs.CaFile, "--id", "anonymous"));
        var untrusted = await CliRunner.RunAsync(Search("--controller", cluster.ControllerAddress, "--ca-cert", _certs.StrangerCaFile, "--token-file", tokenFile, "--id", "untrusted"));

        Assert.StartsWith("https://127.0.0.1:", cluster.ControllerAddress, StringComparison.Ordinal);
        Assert.True(searched.ExitCode == 0, searched.Error);
        using var result = JsonDocument.Parse(searched.Output);
        Assert.Equal(2, result.RootElement.GetProperty("generations").GetInt32());
        Assert.Equal(2, anonymous.ExitCode);
        Assert.Contains("missing or invalid bearer token", anonymous.Error, StringComparison.Ordinal);
        Assert.Contains("FLEXIFFUSION_TOKEN", anonymous.Error, StringComparison.Ordinal);
        Assert.Equal(1, untrusted.ExitCode);
        Assert.Contains("its TLS certificate is not trusted (give the CA with --ca-cert)", untrusted.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientToken, searched.Error + anonymous.Error + untrusted.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluatorInfo_RealEvaluatorWithToken_UnauthenticatedWithoutOrWithAWrongTokenServedWithTheRightOne()
    {
        await using var cluster = await Cluster.StartAsync(evaluators: 1, redis: null, new ClusterSecurity(ClientToken, EvaluatorToken, _certs));
        string address = cluster.EvaluatorAddresses[0];
        using var anonymousChannel = SecureChannel.Create(address, new ClientCredentialOptions { CaFile = _certs.CaFile });
        using var wrongChannel = SecureChannel.Create(address, new ClientCredentialOptions { CaFile = _certs.CaFile, Token = ClientToken });
        using var rightChannel = SecureChannel.Create(address, new ClientCredentialOptions { CaFile = _certs.CaFile, Token = EvaluatorToken });

        var missing = await Assert.ThrowsAsync<RpcException>(() => new EvaluatorService.EvaluatorServiceClient(anonymousChannel).GetEvaluatorInfoAsync(new GetEvaluatorInfoRequest()).ResponseAsync);
        var wrong = await Assert.ThrowsAsync<RpcException>(() => new EvaluatorService.EvaluatorServiceClient(wrongChannel).GetEvaluatorInfoAsync(new GetEvaluatorInfoRequest()).ResponseAsync);
        var info = await new EvaluatorService.EvaluatorServiceClient(rightChannel).GetEvaluatorInfoAsync(new GetEvaluatorInfoRequest());

        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated), (missing.StatusCode, wrong.StatusCode));
        Assert.Equal("tiny", Assert.Single(info.Models).Name);
    }
}
