using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Tests.TestSupport;

/// <summary>
/// A fitness evaluator over a known function, standing in for rFID. It can finish a batch in a
/// shuffled order, or spread it over several concurrent workers with random delays, so that tests
/// can show the search does not depend on completion order or parallelism.
/// </summary>
public sealed class LandscapeEvaluator(Func<Candidate, double> fitness, int workers = 1, int? shuffleSeed = null, bool reverse = false) : IFitnessEvaluator
{
    private readonly ConcurrentDictionary<Candidate, int> _calls = new();
    private int _batches;

    /// <summary>How many times each candidate was evaluated.</summary>
    public IReadOnlyDictionary<Candidate, int> Calls => _calls;

    /// <summary>Total evaluations.</summary>
    public int Evaluations => _calls.Values.Sum();

    /// <summary>Batches received.</summary>
    public int Batches => _batches;

    /// <summary>Bootstrap replicates returned with each score (none when null), as an evaluator asked for them does.</summary>
    public Func<Candidate, IReadOnlyList<double>>? Replicates { get; init; }

    public async IAsyncEnumerable<CandidateEvaluation> EvaluateAsync(IReadOnlyList<Candidate> batch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _batches);
        var order = batch.ToList();
        if (reverse)
            order.Reverse();
        if (shuffleSeed is { } seed)
        {
            var rng = new Random(seed + _batches);
            order = [.. order.OrderBy(_ => rng.Next())];
        }
        if (workers <= 1)
        {
            foreach (var candidate in order)
            {
                await Task.Yield();
                yield return Evaluate(candidate);
            }
            yield break;
        }
        var results = Channel.CreateUnbounded<CandidateEvaluation>();
        var queue = new ConcurrentQueue<Candidate>(order);
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var delays = new Random(w * 7919 + _batches);
            while (queue.TryDequeue(out var candidate))
            {
                await Task.Delay(delays.Next(0, 3), cancellationToken);
                await results.Writer.WriteAsync(Evaluate(candidate) with { EvaluatorId = $"worker-{w}" }, cancellationToken);
            }
        }, cancellationToken)).ToArray();
        _ = Task.WhenAll(tasks).ContinueWith(t => results.Writer.Complete(t.Exception), TaskScheduler.Default);
        await foreach (var result in results.Reader.ReadAllAsync(cancellationToken))
            yield return result;
    }

    private CandidateEvaluation Evaluate(Candidate candidate)
    {
        _calls.AddOrUpdate(candidate, 1, (_, n) => n + 1);
        return new CandidateEvaluation(candidate, fitness(candidate)) { Duration = TimeSpan.FromMilliseconds(1), RfidBootstrap = Replicates?.Invoke(candidate) ?? [] };
    }
}
