using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Internal;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Evolution;

/// <summary>Everything that determines a search's result: space, costs, budget, evolution settings and seed.</summary>
/// <param name="Space">The search space.</param>
/// <param name="Costs">Per-step costs of the model.</param>
/// <param name="Budget">The hard compute constraint.</param>
/// <param name="Evolution">Evolution settings.</param>
/// <param name="Seed">The seed of every random draw.</param>
public sealed record SearchRequest(SearchSpace Space, CostTable Costs, ComputeBudget Budget, EvolutionOptions Evolution, ulong Seed)
{
    /// <summary>Checks the request as a whole and names the first bad field.</summary>
    /// <exception cref="FieldException">The request is invalid; the field is named.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Space);
        ArgumentNullException.ThrowIfNull(Costs);
        ArgumentNullException.ThrowIfNull(Budget);
        ArgumentNullException.ThrowIfNull(Evolution);
        Evolution.Validate();
        if (Space.Branches[^1] >= Costs.BranchCount)
            throw new FieldException("space.branches", $"branch {Space.Branches[^1]} is not in the cost table (branches 0..{Costs.BranchCount - 1})");
        if (Budget.Metric == CostMetric.Latency && !Costs.HasLatency)
            throw new FieldException("budget", "a latency budget needs measured latencies in the cost table");
        if (Evolution.Objective == SearchObjective.Single && !Budget.IsConstrained)
            throw new FieldException("budget", "a single-objective search needs a compute budget (without one the teacher itself is best); set one or use the Pareto objective");
        var factory = new CandidateFactory(this);
        if (factory.FeasibleCounts.Count == 0)
            throw new FieldException("budget", string.Create(CultureInfo.InvariantCulture,
                $"no candidate of the space fits {Budget}; the cheapest costs {factory.CheapestCost:G6} against a limit of {factory.Limit:G6}"));
    }

    /// <summary>A canonical description of every setting that affects the result.</summary>
    public string Describe()
    {
        var s = Space;
        var e = Evolution;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"space T={s.TeacherSteps} counts={string.Join(',', s.SegmentCounts)} branches={string.Join(',', s.Branches)}");
        text.Append(CultureInfo.InvariantCulture, $" interval={s.MinInterval}..{s.MaxInterval?.ToString(CultureInfo.InvariantCulture) ?? "L"}");
        text.Append(CultureInfo.InvariantCulture, $" unequal={s.AllowUnequalSegments} length={s.MinSegmentLength}..{s.MaxSegmentLength?.ToString(CultureInfo.InvariantCulture) ?? "T"}\n");
        text.Append(CultureInfo.InvariantCulture, $"costs full={R(Costs.FullMacs)} partial={string.Join(',', Costs.PartialMacs.Select(R))}");
        if (Costs.HasLatency && Budget.Metric == CostMetric.Latency)
            text.Append(CultureInfo.InvariantCulture, $" latency={R(Costs.FullLatencyMs!.Value)} partial-latency={string.Join(',', Costs.PartialLatencyMs!.Value.Select(R))}");
        text.Append(CultureInfo.InvariantCulture, $"\nbudget metric={Budget.Metric} max={(Budget.MaxCost is { } m ? R(m) : "-")} speedup={(Budget.MinSpeedup is { } v ? R(v) : "-")}\n");
        text.Append(CultureInfo.InvariantCulture, $"evolution population={e.PopulationSize} parents={e.ParentCount} mutation={e.MutationChildren} crossover={e.CrossoverChildren}");
        text.Append(CultureInfo.InvariantCulture, $" p={R(e.MutationProbability)} retile={R(e.RetileProbability)} generations={e.Generations} objective={e.Objective} seeding={e.Seeding} attempts={e.AttemptsPerChild} finalists={e.Finalists}\n");
        text.Append(CultureInfo.InvariantCulture, $"seed={Seed}\n");
        return text.ToString();
    }

    /// <summary>SHA-256 of <see cref="Describe"/>, hex: a snapshot only resumes the request it was taken from.</summary>
    public string Fingerprint() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Describe())));

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
