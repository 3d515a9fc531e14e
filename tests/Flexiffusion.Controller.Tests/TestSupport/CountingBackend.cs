using System.Runtime.CompilerServices;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;
using Flexiffusion.Testing;

namespace Flexiffusion.Controller.Tests.TestSupport;

/// <summary>
/// An in-process evaluation backend over <see cref="Requests.Model"/> scoring with <see cref="SyntheticFitness.Error"/>: it
/// counts what it scores, and from <see cref="HoldFrom"/>'s evaluation on every evaluation waits at its gate.
/// </summary>
public sealed class CountingBackend : IEvaluationBackend
{
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _evaluations;
    private int _holdFrom = int.MaxValue;

    public Gate Gate { get; } = new();

    /// <summary>Candidates scored so far.</summary>
    public int Evaluations => Volatile.Read(ref _evaluations);

    /// <summary>Completes when an evaluation waits at the gate.</summary>
    public Task Holding => _holding.Task;

    /// <summary>Evaluation number <paramref name="count"/> (0-based) and every later one wait until the gate opens.</summary>
    public void HoldFrom(int count)
    {
        Gate.Hold();
        Volatile.Write(ref _holdFrom, count);
    }

    public ValueTask<IReadOnlyList<ModelDescription>> ModelsAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ModelDescription>>([Requests.Model]);

    public IFitnessEvaluator CreateEvaluator(EvaluationSettings settings, ModelDescription model) => new Evaluator(this);

    private sealed class Evaluator(CountingBackend backend) : IFitnessEvaluator
    {
        public async IAsyncEnumerable<CandidateEvaluation> EvaluateAsync(IReadOnlyList<Candidate> batch, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var candidate in batch)
            {
                if (backend.Evaluations >= Volatile.Read(ref backend._holdFrom))
                {
                    backend._holding.TrySetResult();
                    await backend.Gate.PassAsync(cancellationToken);
                }
                await Task.Yield();
                cancellationToken.ThrowIfCancellationRequested();
                Interlocked.Increment(ref backend._evaluations);
                yield return new CandidateEvaluation(candidate, SyntheticFitness.Error(candidate));
            }
        }
    }
}
