using System.Collections.Immutable;

namespace Flexiffusion.Search.Costs;

/// <summary>
/// Per-image cost of each step kind of one model, supplied by the caller (e.g. from the MAC counter
/// of the diffusion engine, or measured on the target device). Null steps cost nothing.
/// </summary>
public sealed record CostTable
{
    /// <summary>Creates a table; latencies are optional but, when given, cover every branch.</summary>
    /// <param name="fullMacs">MACs of one full step per image.</param>
    /// <param name="partialMacs">MACs of one partial step per image, indexed by branch.</param>
    /// <param name="fullLatencyMs">Measured milliseconds per image of a full step.</param>
    /// <param name="partialLatencyMs">Measured milliseconds per image of a partial step, by branch.</param>
    /// <exception cref="ArgumentException">A value is not positive and finite, or the latencies do not match the branches; the parameter is named.</exception>
    public CostTable(double fullMacs, IEnumerable<double> partialMacs, double? fullLatencyMs = null, IEnumerable<double>? partialLatencyMs = null)
    {
        ArgumentNullException.ThrowIfNull(partialMacs);
        Check(fullMacs, nameof(fullMacs));
        PartialMacs = [.. partialMacs];
        if (PartialMacs.IsEmpty)
            throw new ArgumentException($"{nameof(partialMacs)}: needs one value per branch", nameof(partialMacs));
        foreach (double m in PartialMacs)
            Check(m, nameof(partialMacs));
        FullMacs = fullMacs;
        if (fullLatencyMs is null != partialLatencyMs is null)
            throw new ArgumentException($"{nameof(fullLatencyMs)}: give full and partial latencies together", nameof(fullLatencyMs));
        if (fullLatencyMs is { } full)
        {
            Check(full, nameof(fullLatencyMs));
            PartialLatencyMs = [.. partialLatencyMs!];
            if (PartialLatencyMs.Value.Length != PartialMacs.Length)
                throw new ArgumentException($"{nameof(partialLatencyMs)}: {PartialLatencyMs.Value.Length} values for {PartialMacs.Length} branches", nameof(partialLatencyMs));
            foreach (double l in PartialLatencyMs.Value)
                Check(l, nameof(partialLatencyMs));
            FullLatencyMs = full;
        }
    }

    /// <summary>MACs of one full step per image.</summary>
    public double FullMacs { get; }

    /// <summary>MACs of one partial step per image, indexed by branch.</summary>
    public ImmutableArray<double> PartialMacs { get; }

    /// <summary>Milliseconds per image of a full step, when measured.</summary>
    public double? FullLatencyMs { get; }

    /// <summary>Milliseconds per image of a partial step by branch, when measured.</summary>
    public ImmutableArray<double>? PartialLatencyMs { get; }

    /// <summary>Number of branches the table covers (0..BranchCount−1).</summary>
    public int BranchCount => PartialMacs.Length;

    /// <summary>Whether latencies were supplied.</summary>
    public bool HasLatency => FullLatencyMs is not null;

    /// <summary>Value equality over every cost, element by element.</summary>
    public bool Equals(CostTable? other) =>
        other is not null
        && FullMacs.Equals(other.FullMacs)
        && PartialMacs.SequenceEqual(other.PartialMacs)
        && Nullable.Equals(FullLatencyMs, other.FullLatencyMs)
        && (PartialLatencyMs ?? []).SequenceEqual(other.PartialLatencyMs ?? [])
        && PartialLatencyMs.HasValue == other.PartialLatencyMs.HasValue;

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(FullMacs);
        foreach (double m in PartialMacs)
            hash.Add(m);
        hash.Add(FullLatencyMs);
        return hash.ToHashCode();
    }

    private static void Check(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
            throw new ArgumentException($"{name}: must be positive and finite (got {value})", name);
    }
}
