using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Evaluator.Tests.TestSupport;
using Flexiffusion.ServiceDefaults.Security;
using Flexiffusion.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using StackExchange.Redis;

namespace Flexiffusion.Evaluator.Tests.Hosting;

/// <summary>The real evaluator host behind a bearer token, over real gRPC on loopback.</summary>
public sealed class EvaluatorSecurityTests : IDisposable
{
    private const string Token = "evaluator-token-for-tests-0123";
    private const string RedisPassword = "evaluator-redis-password-4567";
    private readonly TestCertificates _files = new();

    public void Dispose() => _files.Dispose();

    private static EvaluatorService.EvaluatorServiceClient Client(string address, string? token, List<GrpcChannel> channels)
    {
        var channel = SecureChannel.Create(address, new ClientCredentialOptions { Token = token });
        channels.Add(channel);
        return new EvaluatorService.EvaluatorServiceClient(channel);
    }

    [Fact]
    public async Task Calls_TokenConfigured_UnauthenticatedWithoutOrWithAWrongTokenServedWithTheRightOne()
    {
        await using var host = await TestEvaluator.StartAsync(new Dictionary<string, string?> { ["Auth:Tokens:0"] = Token });
        var channels = new List<GrpcChannel>();
        var wrong = Client(host.Address, Token + "-wrong", channels);
        var right = Client(host.Address, Token, channels);

        var missingInfo = await Assert.ThrowsAsync<RpcException>(() => host.Client.GetEvaluatorInfoAsync(new GetEvaluatorInfoRequest()).ResponseAsync);
        var wrongInfo = await Assert.ThrowsAsync<RpcException>(() => wrong.GetEvaluatorInfoAsync(new GetEvaluatorInfoRequest()).ResponseAsync);
        var missingOne = await Assert.ThrowsAsync<RpcException>(() => host.Client.EvaluateCandidateAsync(TestEvaluator.Request("5: Fx5")).ResponseAsync);
        using var stream = host.Client.Evaluate();
        var missingStream = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext(CancellationToken.None));
        var health = await host.Health.CheckAsync(new HealthCheckRequest { Service = "flexiffusion.evaluator.v1.EvaluatorService" });
        var info = await right.GetEvaluatorInfoAsync(new GetEvaluatorInfoRequest());
        var scored = await right.EvaluateCandidateAsync(TestEvaluator.Request("5: Fx5"));
        channels.ForEach(c => c.Dispose());

        Assert.All([missingInfo, wrongInfo, missingOne, missingStream], e => Assert.Equal(StatusCode.Unauthenticated, e.StatusCode));
        Assert.All([missingInfo, wrongInfo, missingOne, missingStream], e => Assert.Equal(BearerTokenInterceptor.Refusal, e.Status.Detail));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal("tiny", Assert.Single(info.Models).Name);
        Assert.True(scored.Score.Rfid > 0);
    }

    [SkippableFact]
    public async Task Logs_StartAndEvaluationWithTokenAndRedisPassword_NeverContainASecret()
    {
        using var redis = RedisServer.StartSecured(new RedisSecurity { Password = RedisPassword });
        redis.SkipUnlessAvailable();
        var logs = new LogCapture();
        await using var host = await TestEvaluator.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:TokenFile"] = _files.Write("tokens", Token),
            ["Redis:Configuration"] = redis.Configuration,
            ["Redis:PasswordFile"] = _files.Write("redis-password", RedisPassword),
            ["Logging:LogLevel:Default"] = "Trace",
        }, logs: logs);
        var channels = new List<GrpcChannel>();

        var scored = await Client(host.Address, Token, channels).EvaluateCandidateAsync(TestEvaluator.Request("5: Fx5"));
        await Assert.ThrowsAsync<RpcException>(() => Client(host.Address, "not-" + Token, channels).GetEvaluatorInfoAsync(new GetEvaluatorInfoRequest()).ResponseAsync);
        channels.ForEach(c => c.Dispose());
        await using var inspector = await ConnectionMultiplexer.ConnectAsync($"{redis.Configuration},password={RedisPassword}");
        var stored = inspector.GetServer(inspector.GetEndPoints()[0]).Keys(pattern: "flexiffusion:*").ToList();

        Assert.True(scored.Score.Rfid > 0);
        Assert.Equal(1, host.Scorer.TeacherComputations);
        Assert.NotEmpty(stored);
        Assert.Contains("Refused /flexiffusion.evaluator.v1.EvaluatorService/GetEvaluatorInfo", logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(RedisPassword, logs.Text, StringComparison.Ordinal);
    }
}
