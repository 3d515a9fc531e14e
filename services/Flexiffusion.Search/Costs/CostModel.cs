using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Costs;

/// <summary>Computes a candidate's MACs, NFE, speed-up and predicted latency from a <see cref="CostTable"/>.</summary>
public sealed class CostModel
{
    /// <summary>Creates a cost model over a table.</summary>
    public CostModel(CostTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        Table = table;
    }

    /// <summary>The per-step costs.</summary>
    public CostTable Table { get; }

    /// <summary>The cost of a candidate (method.md §3), summed in segment order so it is bit-for-bit reproducible.</summary>
    /// <exception cref="ArgumentException">A segment uses a branch the table does not cover.</exception>
    public CandidateCost Evaluate(Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        double macs = 0;
        double latency = 0;
        bool timed = Table.HasLatency;
        foreach (var s in candidate.Segments)
        {
            macs += Table.FullMacs;
            if (timed)
                latency += Table.FullLatencyMs!.Value;
            if (s.Interval == 1)
                continue;
            if (s.Branch >= Table.BranchCount)
                throw new ArgumentException($"branch {s.Branch} is not in the cost table (branches 0..{Table.BranchCount - 1})", nameof(candidate));
            macs += (s.Interval - 1) * Table.PartialMacs[s.Branch];
            if (timed)
                latency += (s.Interval - 1) * Table.PartialLatencyMs!.Value[s.Branch];
        }
        int t = candidate.TeacherSteps;
        return new CandidateCost(macs, t * Table.FullMacs, candidate.Nfe,
            timed ? latency : null, timed ? t * Table.FullLatencyMs!.Value : null);
    }
}
