namespace Flexiffusion.Evaluator.Tests.TestSupport;

/// <summary>One serving evaluator shared by a test class (starting hosts costs time on two cores).</summary>
public sealed class EvaluatorFixture : IAsyncLifetime
{
    private TestEvaluator? _evaluator;

    internal TestEvaluator Evaluator => _evaluator ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _evaluator = await TestEvaluator.StartAsync();

    public async Task DisposeAsync()
    {
        if (_evaluator is not null)
            await _evaluator.DisposeAsync();
    }
}
