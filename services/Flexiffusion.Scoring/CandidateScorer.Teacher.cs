using System.Diagnostics;
using Flexiffusion.Scoring.Internal;

namespace Flexiffusion.Scoring;

public sealed partial class CandidateScorer
{
    // Called only while holding the device, so the context table needs no lock of its own.
    private EvaluationContext Context(ScoringJob job)
    {
        if (_contexts.TryGetValue(job.Identity, out var context))
        {
            _recent.Remove(job.Identity);
            _recent.AddFirst(job.Identity);
            return context;
        }
        context = new EvaluationContext(job, _cache);
        _contexts[job.Identity] = context;
        _recent.AddFirst(job.Identity);
        if (_recent.Count > MaxContexts)
        {
            _contexts.Remove(_recent.Last!.Value);
            _recent.RemoveLast();
        }
        return context;
    }

    /// <summary>
    /// Loads the teacher's features into the context: from the cache when present; otherwise under the
    /// teacher lock, re-reading the cache once the lock is held (another scorer may have stored them
    /// while this one waited) and generating them only if they are still missing.
    /// </summary>
    private async Task EnsureTeacherAsync(EvaluationContext context, ScoringJob job, CancellationToken cancellationToken)
    {
        if (context.TeacherReady)
            return;
        var clock = Stopwatch.StartNew();
        int before = context.Evaluator.TeacherComputations;
        if (await _cache.GetAsync(context.TeacherKey, cancellationToken).ConfigureAwait(false) is not null)
        {
            await context.Evaluator.TeacherFeaturesAsync(null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var lease = await _teacherLock.AcquireAsync(context.LockKey,
                async ct => await _cache.GetAsync(context.TeacherKey, ct).ConfigureAwait(false) is not null,
                cancellationToken).ConfigureAwait(false);
            try
            {
                // Holding the lock (or told the features now exist): this reads the cache again first.
                await context.Evaluator.TeacherFeaturesAsync(null, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (lease is not null)
                    await lease.DisposeAsync().ConfigureAwait(false);
            }
        }
        context.TeacherReady = true;
        if (context.Evaluator.TeacherComputations > before)
        {
            Interlocked.Increment(ref _teacherComputations);
            _observer?.TeacherComputed(job.Identity, clock.Elapsed);
        }
        else
        {
            Interlocked.Increment(ref _teacherCacheHits);
            _observer?.TeacherFromCache(job.Identity);
        }
    }
}
