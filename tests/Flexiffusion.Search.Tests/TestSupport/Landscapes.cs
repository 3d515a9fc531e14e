using Flexiffusion.Plans;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Tests.TestSupport;

/// <summary>Small spaces, cost tables and synthetic fitness landscapes with known structure.</summary>
public static class Landscapes
{
    /// <summary>Full step 10, partial steps 1, 2, 4, 7 for branches 0..3 (deeper = dearer, as in a U-Net).</summary>
    public static CostTable SmallCosts { get; } = new(10, [1, 2, 4, 7]);

    public static SearchSpace SmallSpace(int teacherSteps = 12, bool unequal = false) =>
        SearchSpace.Create(teacherSteps, [0, 1, 2, 3], allowUnequalSegments: unequal, maxSegmentLength: unequal ? teacherSteps / 2 : null);

    /// <summary>
    /// An rFID-like error: every position adds the error of its step kind, weighted more at early
    /// (noisy) positions; partial steps err less at deeper branches and close to their full step,
    /// null steps err most. Plus a small non-separable term coupling neighbouring segments.
    /// </summary>
    public static double Error(Candidate candidate)
    {
        double error = 0;
        int position = 0;
        int previousBranch = -1;
        foreach (var s in candidate.Segments)
        {
            for (int i = 0; i < s.Length; i++, position++)
            {
                double weight = 1.0 + 2.0 * (candidate.TeacherSteps - position) / candidate.TeacherSteps;
                if (i == 0)
                    continue;
                error += i < s.Interval
                    ? weight * i * 0.35 / (1 + s.Branch)
                    : weight * (1.5 + 0.25 * (i - s.Interval));
            }
            if (previousBranch >= 0 && s.Branch >= 0 && previousBranch != s.Branch)
                error += 0.05;
            previousBranch = s.Branch;
        }
        return error;
    }

    public static SearchRequest Request(SearchSpace space, ComputeBudget budget, ulong seed = 7, EvolutionOptions? options = null) =>
        new(space, SmallCosts, budget, options ?? new EvolutionOptions(), seed);

    /// <summary>Every distinct candidate of a space, by brute force (independent of the search code).</summary>
    public static List<Candidate> Enumerate(SearchSpace space)
    {
        var all = new List<Candidate>();
        foreach (int n in space.SegmentCounts)
        {
            foreach (var lengths in Tilings(space, n))
                Genes(space, lengths, 0, [], all);
        }
        return all;
    }

    private static IEnumerable<int[]> Tilings(SearchSpace space, int n)
    {
        if (!space.AllowUnequalSegments)
        {
            yield return [.. Enumerable.Repeat(space.TeacherSteps / n, n)];
            yield break;
        }
        foreach (var t in Compositions(space.TeacherSteps, n, space.ShortestSegment, space.LongestSegment))
            yield return t;
    }

    private static IEnumerable<int[]> Compositions(int total, int parts, int min, int max)
    {
        if (parts == 1)
        {
            if (total >= min && total <= max)
                yield return [total];
            yield break;
        }
        for (int first = min; first <= max && first <= total; first++)
        {
            foreach (var rest in Compositions(total - first, parts - 1, min, max))
                yield return [first, .. rest];
        }
    }

    private static void Genes(SearchSpace space, int[] lengths, int i, List<Segment> prefix, List<Candidate> all)
    {
        if (i == lengths.Length)
        {
            all.Add(new Candidate(prefix));
            return;
        }
        int length = lengths[i];
        int max = Math.Min(space.MaxInterval ?? length, length);
        for (int k = space.MinInterval; k <= max; k++)
        {
            foreach (int b in k == 1 ? [-1] : space.Branches.ToArray())
            {
                prefix.Add(new Segment(length, b, k));
                Genes(space, lengths, i + 1, prefix, all);
                prefix.RemoveAt(prefix.Count - 1);
            }
        }
    }
}
