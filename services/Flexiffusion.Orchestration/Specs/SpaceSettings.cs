namespace Flexiffusion.Orchestration.Specs;

/// <summary>
/// The search space of a <see cref="SearchSpec"/> (proto <c>space</c>); empty lists and null limits
/// take the defaults of <see cref="Search.Space.SearchSpace.Create"/>.
/// </summary>
public sealed record SpaceSettings
{
    /// <summary>Allowed segment counts; empty means every count that tiles the teacher.</summary>
    public IReadOnlyList<int> SegmentCounts { get; init; } = [];

    /// <summary>Allowed cache branches; empty means every branch of the model.</summary>
    public IReadOnlyList<int> Branches { get; init; } = [];

    /// <summary>Smallest interval <c>k</c>. Default 1.</summary>
    public int MinInterval { get; init; } = 1;

    /// <summary>Largest interval <c>k</c>; null means the segment length.</summary>
    public int? MaxInterval { get; init; }

    /// <summary>Whether segments may differ in length (beyond the paper).</summary>
    public bool UnequalSegments { get; init; }

    /// <summary>Shortest segment when segments are unequal. Default 1.</summary>
    public int MinSegmentLength { get; init; } = 1;

    /// <summary>Longest segment when segments are unequal; null means the teacher length.</summary>
    public int? MaxSegmentLength { get; init; }
}
