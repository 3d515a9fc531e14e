using Flexiffusion.Controller.Hosting;
using Flexiffusion.Controller.Tests.TestSupport;
using Flexiffusion.Orchestration.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Flexiffusion.Controller.Tests.Hosting;

public sealed class ControllerHostTests
{
    [Theory]
    [InlineData(new string[0], "Controller:Evaluators: no evaluator")]
    [InlineData(new[] { "--Controller:Evaluators:0=ftp://x" }, "Controller:Evaluators:0: 'ftp://x' is not an http(s) address")]
    [InlineData(new[] { "--Controller:EvaluatorDns=evaluators" }, "Controller:EvaluatorDns: 'evaluators' is not host:port")]
    [InlineData(new[] { "--Controller:Evaluators:0=http://127.0.0.1:1", "--Controller:MaxConcurrentSearches=0" }, "Controller:MaxConcurrentSearches: must be ≥ 1 (got 0)")]
    [InlineData(new[] { "--Controller:Evaluators:0=http://127.0.0.1:1", "--Controller:CircuitBreaker:FailureRatio=2" }, "Controller:CircuitBreaker:FailureRatio: must be in (0, 1] (got 2)")]
    [InlineData(new[] { "--Controller:Evaluators:0=http://127.0.0.1:1", "--Controller:NoEvaluatorTimeout=-00:00:01" }, "Controller:NoEvaluatorTimeout: must be 0 (wait for an evaluator without limit)")]
    [InlineData(new[] { "--Controller:Evaluators:0=http://127.0.0.1:1", "--Controller:LeaseTtl=00:00:00.100" }, "Controller:LeaseTtl: must be between 300 ms and 1 hour (got 00:00:00.1000000)")]
    [InlineData(new[] { "--Controller:Evaluators:0=http://127.0.0.1:1", "--Controller:RecoveryInterval=00:00:00" }, "Controller:RecoveryInterval: must be ≥ 10 ms (got 00:00:00)")]
    public async Task StartAsync_InvalidOptions_FailsNamingTheSetting(string[] settings, string message)
    {
        await using var app = ControllerHost.Build(["--Endpoints:GrpcPort=0", "--Logging:LogLevel:Default=None", .. settings]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_EnvironmentWithPrefixAndCommandLine_CommandLineWins()
    {
        await using var evaluator = await SyntheticEvaluatorServer.StartAsync("eval-a");
        Environment.SetEnvironmentVariable("FLEXIFFUSION_Controller__WatcherBuffer", "77");
        Environment.SetEnvironmentVariable("FLEXIFFUSION_Controller__InfoTimeout", "00:00:03");
        ControllerOptions options;
        try
        {
            await using var controller = await TestController.StartAsync([evaluator.Address]);
            options = controller.Services.GetRequiredService<IOptions<ControllerOptions>>().Value;
        }
        finally
        {
            Environment.SetEnvironmentVariable("FLEXIFFUSION_Controller__WatcherBuffer", null);
            Environment.SetEnvironmentVariable("FLEXIFFUSION_Controller__InfoTimeout", null);
        }

        Assert.Equal(77, options.WatcherBuffer);
        Assert.Equal(TimeSpan.FromSeconds(30), options.InfoTimeout);
        Assert.Equal([evaluator.Address], options.Evaluators);
        Assert.Equal(2, options.MaxConcurrentSearches);
    }

    [Fact]
    public async Task Start_StoreCannotBeListed_ServesAnywayAndKeepsRetryingTheRecovery()
    {
        await using var evaluator = await SyntheticEvaluatorServer.StartAsync("eval-a");
        var store = new UnlistableStore();

        await using var controller = await TestController.StartAsync([evaluator.Address],
            configure: b => b.Services.Replace(ServiceDescriptor.Singleton<ISearchStore>(store)));
        await controller.Client.CreateSearchAsync(Requests.Small("despite-the-store"));
        var updates = await controller.WatchAsync("despite-the-store");
        await Flexiffusion.Testing.Patience.UntilAsync(() => store.ListCalls >= 2, "the recovery was retried");

        Assert.Equal(Contracts.Controller.V1.SearchUpdate.KindOneofCase.Result, updates[^1].KindCase);
    }
}
