using System.Collections.Concurrent;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Evaluation;

/// <summary>A thread-safe in-process <see cref="ICandidateCache"/> (the embedded default).</summary>
public sealed class InMemoryCandidateCache : ICandidateCache
{
    private readonly ConcurrentDictionary<Candidate, CandidateEvaluation> _entries = new();

    /// <summary>Number of cached candidates.</summary>
    public int Count => _entries.Count;

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<Candidate, CandidateEvaluation>> GetManyAsync(IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var found = new Dictionary<Candidate, CandidateEvaluation>();
        foreach (var candidate in candidates)
        {
            if (_entries.TryGetValue(candidate, out var evaluation))
                found[candidate] = evaluation;
        }
        return ValueTask.FromResult<IReadOnlyDictionary<Candidate, CandidateEvaluation>>(found);
    }

    /// <inheritdoc />
    public ValueTask SetAsync(CandidateEvaluation evaluation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        _entries[evaluation.Candidate] = evaluation;
        return ValueTask.CompletedTask;
    }
}
