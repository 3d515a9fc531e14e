namespace Flexiffusion.Faults.Tests.TestSupport;

/// <summary>
/// The reference every fault is compared with: <see cref="TinySearch"/> run once, undisturbed, by the same kind of
/// cluster (a controller and two evaluator processes, no Redis) in this test run.
/// </summary>
public sealed class UndisturbedSearch : IAsyncLifetime
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("flexiffusion-faults-reference-").FullName;

    internal SearchOutcome Outcome { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var cluster = new ServiceCluster(_directory, output: null);
        var a = cluster.AddEvaluator("evaluator-a");
        var b = cluster.AddEvaluator("evaluator-b");
        try
        {
            await Task.WhenAll(cluster.StartEvaluatorAsync(a), cluster.StartEvaluatorAsync(b));
            await cluster.StartControllerAsync();
            await Task.WhenAll(cluster.JoinedAsync(a), cluster.JoinedAsync(b));
            var search = cluster.StartSearch("reference");
            int code = await search.WaitForExitAsync();
            if (code != 0)
                throw new InvalidOperationException($"the undisturbed search exited {code}");
            Outcome = TinySearch.Outcome(search);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"the undisturbed reference search failed: {e.Message}\n{cluster.Tails()}", e);
        }
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
