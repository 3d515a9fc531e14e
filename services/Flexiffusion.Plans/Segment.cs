using System.Globalization;

namespace Flexiffusion.Plans;

/// <summary>
/// One segment of a segment-wise schedule: <see cref="Length"/> teacher positions, of which the first is full, the
/// next <see cref="Interval"/> − 1 are partial at <see cref="Branch"/> and the rest are null
/// (<see cref="StepPlan.FromSegments"/>). The search's candidates are lists of segments.
/// </summary>
public readonly record struct Segment
{
    /// <summary>Creates a segment; the branch is dropped (−1) when the interval is 1, because no partial step uses it.</summary>
    /// <param name="length">Teacher positions in the segment (≥ 1).</param>
    /// <param name="branch">Cache branch of the partial steps (≥ 0 when <paramref name="interval"/> &gt; 1).</param>
    /// <param name="interval">Active positions: one full step then <c>interval − 1</c> partial steps (1 ≤ interval ≤ length).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public Segment(int length, int branch, int interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(interval, length);
        if (interval > 1)
            ArgumentOutOfRangeException.ThrowIfNegative(branch);
        Length = length;
        Interval = interval;
        Branch = interval == 1 ? -1 : branch;
    }

    /// <summary>Teacher positions covered by the segment.</summary>
    public int Length { get; }

    /// <summary>Cache branch of the partial steps; −1 when the segment has none.</summary>
    public int Branch { get; }

    /// <summary>Active positions (network evaluations): the full step plus the partial steps.</summary>
    public int Interval { get; }

    /// <summary>Number of partial steps.</summary>
    public int PartialCount => Interval - 1;

    /// <summary>Number of null steps.</summary>
    public int NullCount => Length - Interval;

    /// <summary>The segment token without its length: <c>branch:interval</c>, or <c>F</c> for a lone full step.</summary>
    public string Gene => Interval == 1
        ? "F"
        : string.Create(CultureInfo.InvariantCulture, $"{Branch}:{Interval}");

    /// <summary>The segment token with its length: <c>branch:interval/length</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Gene}/{Length}");
}
