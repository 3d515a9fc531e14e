using System.Collections.Immutable;
using Flexiffusion.Plans;

namespace Flexiffusion.Search.Space;

/// <summary>
/// A point of the segment-wise search space (method.md §3): the teacher's positions cut into
/// segments, each running one full step, then partial steps at one branch, then null steps.
/// Immutable, compared by value; its canonical text form is <see cref="ToString"/>.
/// </summary>
public sealed partial class Candidate : IEquatable<Candidate>
{
    private readonly int _hash;

    /// <summary>Creates a candidate from its segments, in teacher order.</summary>
    /// <exception cref="ArgumentException">There are no segments or one is uninitialised.</exception>
    public Candidate(IEnumerable<Segment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        Segments = [.. segments];
        if (Segments.IsEmpty)
            throw new ArgumentException("a candidate needs at least one segment", nameof(segments));
        var hash = new HashCode();
        foreach (var segment in Segments)
        {
            if (segment.Length < 1)
                throw new ArgumentException("a segment must cover at least one position", nameof(segments));
            try
            {
                TeacherSteps = checked(TeacherSteps + segment.Length);
                Nfe = checked(Nfe + segment.Interval);
            }
            catch (OverflowException)
            {
                throw new ArgumentException("the segments cover more than int.MaxValue positions", nameof(segments));
            }
            hash.Add(segment);
        }
        HasEqualSegments = Segments.All(s => s.Length == Segments[0].Length);
        _hash = hash.ToHashCode();
    }

    /// <summary>The segments in teacher order.</summary>
    public ImmutableArray<Segment> Segments { get; }

    /// <summary>Number of segments (<c>N_seg</c>), which is also the number of full steps.</summary>
    public int SegmentCount => Segments.Length;

    /// <summary>Teacher positions covered (<c>T</c>).</summary>
    public int TeacherSteps { get; }

    /// <summary>Network evaluations: <c>Σ k_s</c>.</summary>
    public int Nfe { get; }

    /// <summary>Whether every segment has the same length (the paper's space).</summary>
    public bool HasEqualSegments { get; }

    /// <summary>A candidate of equal segments, one per gene (branch, interval), covering <paramref name="teacherSteps"/> positions.</summary>
    /// <exception cref="ArgumentException"><paramref name="teacherSteps"/> is not a multiple of the gene count.</exception>
    public static Candidate Equal(int teacherSteps, IReadOnlyList<(int Branch, int Interval)> genes)
    {
        ArgumentNullException.ThrowIfNull(genes);
        ArgumentOutOfRangeException.ThrowIfLessThan(teacherSteps, 1);
        if (genes.Count == 0 || teacherSteps % genes.Count != 0)
            throw new ArgumentException($"{genes.Count} equal segments cannot tile {teacherSteps} positions", nameof(genes));
        int length = teacherSteps / genes.Count;
        return new Candidate(genes.Select(g => new Segment(length, g.Branch, g.Interval)));
    }

    /// <summary>Expands the candidate into the per-position plan the diffusion pipeline runs.</summary>
    public StepPlan ToPlan()
    {
        return StepPlan.FromSegments(Segments);
    }

    /// <summary>The segment lengths in order.</summary>
    public IEnumerable<int> Lengths => Segments.Select(s => s.Length);

    /// <inheritdoc />
    public bool Equals(Candidate? other) =>
        other is not null && (ReferenceEquals(this, other) || (_hash == other._hash && Segments.SequenceEqual(other.Segments)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Candidate);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;
}
