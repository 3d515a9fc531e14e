using System.Runtime.CompilerServices;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;
using Flexiffusion.Testing;

namespace Flexiffusion.Orchestration.Tests.TestSupport;

/// <summary>
/// An evaluation backend in pure C#: instant <see cref="SyntheticFitness.Error"/> scores, optionally held by
/// a <see cref="Gate"/>, optionally returned in reverse order (the search must not care).
/// </summary>
public sealed class SyntheticBackend(Gate? gate = null, bool reverse = false) : IEvaluationBackend
{
    private int _evaluations;
    private int _evaluators;

    public int Evaluations => Volatile.Read(ref _evaluations);

    public int EvaluatorsCreated => Volatile.Read(ref _evaluators);

    public ModelDescription Model { get; init; } = Synthetic.Model;

    private Gate? Gate { get; } = gate;

    private bool Reverse { get; } = reverse;

    /// <summary>How many more times <see cref="ModelsAsync"/> times out as a pool without evaluators does.</summary>
    public int ModelTimeouts { get; set; }

    public ValueTask<IReadOnlyList<ModelDescription>> ModelsAsync(CancellationToken cancellationToken)
    {
        if (ModelTimeouts > 0)
        {
            ModelTimeouts--;
            throw new TimeoutException("no evaluator became available within 00:00:01 (evaluators: none up)");
        }
        return ValueTask.FromResult<IReadOnlyList<ModelDescription>>([Model]);
    }

    public IFitnessEvaluator CreateEvaluator(EvaluationSettings settings, ModelDescription model)
    {
        Interlocked.Increment(ref _evaluators);
        return new Evaluator(this);
    }

    private sealed class Evaluator(SyntheticBackend backend) : IFitnessEvaluator
    {
        public async IAsyncEnumerable<CandidateEvaluation> EvaluateAsync(IReadOnlyList<Candidate> batch, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var order = backend.Reverse ? batch.Reverse() : batch;
            foreach (var candidate in order)
            {
                if (backend.Gate is not null)
                    await backend.Gate.PassAsync(cancellationToken);
                await Task.Yield();
                Interlocked.Increment(ref backend._evaluations);
                yield return new CandidateEvaluation(candidate, SyntheticFitness.Error(candidate))
                {
                    Duration = TimeSpan.FromMilliseconds(1),
                    EvaluatorId = "synthetic-0",
                    Kid = SyntheticFitness.Error(candidate) / 100,
                    ImagesPerSecond = 1000,
                };
            }
        }
    }
}
