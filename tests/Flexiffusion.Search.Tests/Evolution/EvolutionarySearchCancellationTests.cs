using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Events;
using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Tests.TestSupport;

namespace Flexiffusion.Search.Tests.Evolution;

/// <summary>A cancelled search stops where it is: no later generation is bred or sent to the evaluator.</summary>
public sealed class EvolutionarySearchCancellationTests
{
    /// <summary>Cancels its source when a chosen generation has finished.</summary>
    private sealed class CancelAfter(int generation, CancellationTokenSource source) : ISearchObserver
    {
        public ValueTask OnEventAsync(SearchEvent searchEvent, CancellationToken cancellationToken)
        {
            if (searchEvent is GenerationFinished finished && finished.Generation == generation)
                source.Cancel();
            return ValueTask.CompletedTask;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task RunAsync_CancelledAtTheEndOfAGeneration_BreedsAndSendsNothingMore(int generation)
    {
        var request = Landscapes.Request(Landscapes.SmallSpace(24, unequal: true), ComputeBudget.AtLeastSpeedup(3),
            options: new EvolutionOptions { Generations = 6, PopulationSize = 1000, MutationChildren = 1000, CrossoverChildren = 1000 });
        var evaluator = new LandscapeEvaluator(Landscapes.Error);
        using var cancel = new CancellationTokenSource();
        var search = new EvolutionarySearch(request, evaluator, observer: new CancelAfter(generation, cancel));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => search.RunAsync(cancellationToken: cancel.Token));

        Assert.Equal(generation + 1, evaluator.Batches);
    }
}
