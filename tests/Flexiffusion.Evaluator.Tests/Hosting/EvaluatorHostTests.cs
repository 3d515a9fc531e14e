using System.Security.Cryptography;
using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Evaluator.Tests.TestSupport;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Flexiffusion.Evaluator.Tests.Hosting;

public sealed class EvaluatorHostTests
{
    [Fact]
    public async Task Start_WhileWarmTeacherComputes_NotServingAndUnavailableUntilDone()
    {
        var cache = new GatedBlobCache();
        var warm = new Dictionary<string, string?>
        {
            ["Evaluator:WarmTeachers:0:TeacherSteps"] = "10",
            ["Evaluator:WarmTeachers:0:Images"] = "8",
            ["Evaluator:WarmTeachers:0:BatchSize"] = "8",
            ["Evaluator:WarmTeachers:0:NoiseSeed"] = "11",
        };
        await using var host = await TestEvaluator.StartAsync(warm, services => services.AddSingleton<IBlobCache>(cache), waitServing: false);

        var service = await host.Health.CheckAsync(new HealthCheckRequest { Service = "flexiffusion.evaluator.v1.EvaluatorService" });
        var server = await host.Health.CheckAsync(new HealthCheckRequest());
        var evaluate = await Assert.ThrowsAsync<RpcException>(() => host.Client.EvaluateCandidateAsync(TestEvaluator.Request("5: Fx5")).ResponseAsync);
        var info = await Assert.ThrowsAsync<RpcException>(() => host.Client.GetEvaluatorInfoAsync(new GetEvaluatorInfoRequest()).ResponseAsync);
        cache.Open();
        await host.WaitServingAsync();
        var result = await host.Client.EvaluateCandidateAsync(TestEvaluator.Request("5: Fx5"));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, service.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, server.Status);
        Assert.Equal((StatusCode.Unavailable, StatusCode.Unavailable), (evaluate.StatusCode, info.StatusCode));
        Assert.True(result.Score.Rfid > 0);
        Assert.Equal((1, 0), (host.Scorer.TeacherComputations, host.Scorer.TeacherCacheHits));
    }

    [Fact]
    public async Task Start_NoModelsConfigured_ServesTheShippedMnistModelFromTheContentRoot()
    {
        await using var host = await TestEvaluator.StartAsync(TestEvaluator.WithoutTinyModel(), args: ["--contentRoot", RepositoryPaths.Root]);

        var info = await host.Client.GetEvaluatorInfoAsync(new GetEvaluatorInfoRequest());

        var model = Assert.Single(info.Models);
        Assert.Equal(("mnist", "mnist", 9), (model.Name, model.Config, model.BranchCount));
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(RepositoryPaths.MnistDdpm))), model.Checksum);
    }

    [Fact]
    public async Task Start_PrefixedEnvironmentAndArguments_OverrideTheDefaults()
    {
        var settings = new Dictionary<string, string?> { ["Evaluator:Capacity"] = null, ["Evaluator:Id"] = null };
        Environment.SetEnvironmentVariable("FLEXIFFUSION_Evaluator__Capacity", "5");
        try
        {
            await using var host = await TestEvaluator.StartAsync(settings, args: ["--Evaluator:Id=from-args"]);

            var info = await host.Client.GetEvaluatorInfoAsync(new GetEvaluatorInfoRequest());

            Assert.Equal((5, "from-args"), (info.Capacity, info.EvaluatorId));
        }
        finally
        {
            Environment.SetEnvironmentVariable("FLEXIFFUSION_Evaluator__Capacity", null);
        }
    }

    [Fact]
    public async Task Start_InvalidOptions_FailsNamingEveryBadKey()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Evaluator:Capacity"] = "0",
            ["Evaluator:Models:0:RandomWeights"] = "false",
            ["Evaluator:Models:0:Weights"] = "no/such/weights.bin",
            ["Evaluator:WarmTeachers:0:Model"] = "other",
            ["Evaluator:WarmTeachers:1:TeacherSteps"] = "5000",
        };
        await using var app = TestEvaluator.Build(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith("Evaluator:Capacity: must be between 1 and 1000", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Evaluator:Models:0:Weights: no such file", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Evaluator:WarmTeachers:0:Model: 'other' is not served", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Evaluator:WarmTeachers:1: settings.teacher_steps: must be between 1 and 1000", StringComparison.Ordinal));
    }
}
