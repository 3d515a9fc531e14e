using Flexiffusion.Metrics.Caching;
using Microsoft.Extensions.DependencyInjection;

namespace Flexiffusion.Evaluator.Tests.TestSupport;

/// <summary>One serving evaluator shared by a test class (starting hosts costs time on two cores), with a teacher cache that can hold a job.</summary>
public sealed class EvaluatorFixture : IAsyncLifetime
{
    private TestEvaluator? _evaluator;

    internal TestEvaluator Evaluator => _evaluator ?? throw new InvalidOperationException("not started");

    internal PausingBlobCache Cache { get; } = new();

    public async Task InitializeAsync() => _evaluator = await TestEvaluator.StartAsync(services: s => s.AddSingleton<IBlobCache>(Cache));

    public async Task DisposeAsync()
    {
        if (_evaluator is not null)
            await _evaluator.DisposeAsync();
    }
}
