using Flexiffusion.Search.Internal;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Evolution;

public sealed partial class EvolutionarySearch
{
    /// <summary>Known schedules that fit (see <see cref="Seeds"/>), then unique random draws; observes <paramref name="cancellationToken"/> between draws.</summary>
    private List<Candidate> FirstPopulation(SearchRandom rng, CancellationToken cancellationToken)
    {
        var options = _request.Evolution;
        var proposals = new List<Candidate>(options.PopulationSize);
        var seen = new HashSet<Candidate>();
        foreach (var seed in Seeds(rng).Take(options.PopulationSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Propose(seed, proposals, seen);
        }
        for (int attempts = options.PopulationSize * options.AttemptsPerChild; proposals.Count < options.PopulationSize && attempts > 0; attempts--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Propose(_factory.Random(rng), proposals, seen);
        }
        return proposals;
    }

    /// <summary>
    /// The known schedules inside the space and the budget, in seeding order. Under a budget each family is ordered by
    /// cost, descending, then spread (<see cref="Spread{T}"/>): the costliest that fits first, then every
    /// ⌈m/8⌉-th cheaper one, then the rest — a cheaper member often scores better (on the shipped model PLMS
    /// quadratic:25 beats quadratic:33 on every noise seed measured: step placement matters as much as step count).
    /// The families take turns, so the first population holds the costliest baseline of every family before the second
    /// of any. Without a budget (Pareto) the seeds are shuffled, so a small population still spans the costs.
    /// </summary>
    private IEnumerable<Candidate> Seeds(SearchRandom rng)
    {
        var known = KnownSchedules.Named(_request.Space, _request.Evolution.Seeding).Where(k => _factory.Fits(k.Candidate)).ToList();
        if (!_request.Budget.IsConstrained)
        {
            var seeds = known.Select(k => k.Candidate).ToList();
            for (int i = seeds.Count - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (seeds[i], seeds[j]) = (seeds[j], seeds[i]);
            }
            return seeds;
        }
        var families = known
            .GroupBy(k => k.Family)
            .OrderBy(g => g.Key)
            .Select(g => Spread(g.Select(k => k.Candidate).OrderByDescending(c => _factory.Costs.Evaluate(c).In(_metric)).ToList()))
            .ToList();
        var ordered = new List<Candidate>(known.Count);
        for (int rank = 0; ordered.Count < known.Count; rank++)
            ordered.AddRange(families.Where(f => rank < f.Count).Select(f => f[rank]));
        return ordered;
    }

    /// <summary>Items 0, s, 2s, … (s = ⌈m/8⌉), then the others in their order: eight picks span the whole list.</summary>
    internal static List<T> Spread<T>(IReadOnlyList<T> items)
    {
        int stride = Math.Max(1, (items.Count + 7) / 8);
        var picked = Enumerable.Range(0, items.Count).Where(i => i % stride == 0).ToList();
        return [.. picked.Concat(Enumerable.Range(0, items.Count).Where(i => i % stride != 0)).Select(i => items[i])];
    }

    /// <summary>Mutation children, then crossover children, from the best candidates seen so far; observes <paramref name="cancellationToken"/> between draws.</summary>
    private List<Candidate> Breed(SearchRandom rng, CancellationToken cancellationToken)
    {
        var options = _request.Evolution;
        var parents = Parents(options.ParentCount);
        var proposals = new List<Candidate>(options.MutationChildren + options.CrossoverChildren);
        var seen = new HashSet<Candidate>();
        int target = options.MutationChildren;
        for (int attempts = options.MutationChildren * options.AttemptsPerChild; proposals.Count < target && attempts > 0; attempts--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Propose(Redraw(_factory.Mutate(rng.Pick(parents), rng), rng), proposals, seen);
        }
        target = proposals.Count + options.CrossoverChildren;
        for (int attempts = options.CrossoverChildren * options.AttemptsPerChild; proposals.Count < target && attempts > 0; attempts--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Propose(Redraw(CrossoverChild(parents, rng), rng), proposals, seen);
        }
        return proposals;
    }

    /// <summary>A crossover child of a random parent and a random partner with the same segment count; a mutation child when it has none.</summary>
    private Candidate? CrossoverChild(IReadOnlyList<Candidate> parents, SearchRandom rng)
    {
        var a = rng.Pick(parents);
        var partners = parents.Where(p => p.SegmentCount == a.SegmentCount && !p.Equals(a)).ToList();
        return partners.Count == 0 ? _factory.Mutate(a, rng) : _factory.Crossover(a, rng.Pick(partners), rng);
    }

    /// <summary>A child that repair could not fit into the budget is re-drawn at random.</summary>
    private Candidate? Redraw(Candidate? child, SearchRandom rng) => child ?? _factory.Random(rng);

    private void Propose(Candidate? candidate, List<Candidate> proposals, HashSet<Candidate> seen)
    {
        if (candidate is not null && !_scored.ContainsKey(candidate) && seen.Add(candidate))
            proposals.Add(candidate);
    }

    /// <summary>The best <paramref name="count"/> candidates seen so far: by score (single) or by NSGA-II rank (Pareto).</summary>
    private IReadOnlyList<Candidate> Parents(int count)
    {
        IEnumerable<ScoredCandidate> ranked = _request.Evolution.Objective == SearchObjective.Pareto
            ? ParetoFront.Rank(_history, _metric)
            : Ranked(_history);
        return [.. ranked.Take(count).Select(h => h.Candidate)];
    }
}
