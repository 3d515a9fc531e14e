using CsCheck;
using Flexiffusion.Plans;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Tests.Space;

/// <summary>Generators of random valid segments and candidates, with runs of repeated segments so that the text form's <c>x</c> repeats show up.</summary>
internal static class CandidateGen
{
    /// <summary>The largest branch a generated segment uses.</summary>
    public const int MaxBranch = 8;

    /// <summary>A segment of the given length with any interval (1..length) and branch (0..MaxBranch).</summary>
    public static Gen<Segment> SegmentOf(int length) =>
        Gen.Select(Gen.Int[1, length], Gen.Int[0, MaxBranch], (interval, branch) => new Segment(length, branch, interval));

    /// <summary>A segment of 1..12 positions.</summary>
    public static readonly Gen<Segment> AnySegment = Gen.Int[1, 12].SelectMany(SegmentOf);

    /// <summary>Candidates whose segments all have the same length.</summary>
    public static readonly Gen<Candidate> Equal =
        Gen.Int[1, 10].SelectMany(length => Runs(SegmentOf(length))).Select(segments => new Candidate(segments));

    /// <summary>Candidates with at least two different segment lengths.</summary>
    public static readonly Gen<Candidate> Unequal =
        Runs(AnySegment).Where(s => s.Exists(x => x.Length != s[0].Length)).Select(segments => new Candidate(segments));

    /// <summary>Equal or unequal candidates.</summary>
    public static readonly Gen<Candidate> Any = Gen.OneOf(Equal, Unequal);

    // One to five runs of one to four identical segments each.
    private static Gen<List<Segment>> Runs(Gen<Segment> segment) =>
        Gen.Select(segment, Gen.Int[1, 4]).Array[1, 5]
            .Select(runs => runs.SelectMany(run => Enumerable.Repeat(run.Item1, run.Item2)).ToList());
}
