using System.Text.Json;
using Flexiffusion.Search;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Orchestration.Specs;

/// <summary>
/// What a user asks to search (the domain form of the gRPC <c>SearchSpec</c>): space, budget,
/// evolution settings, evaluation settings and seed. It becomes a <see cref="SearchRequest"/> once the
/// model is known (branches and costs come from the model, the teacher length from
/// <see cref="EvaluationSettings.TeacherSteps"/>). Every error names the contract's field path.
/// </summary>
public sealed record SearchSpec
{
    /// <summary>The search space.</summary>
    public SpaceSettings Space { get; init; } = new();

    /// <summary>The compute budget.</summary>
    public BudgetSettings Budget { get; init; } = new();

    /// <summary>The evolutionary search's settings.</summary>
    public EvolutionOptions Evolution { get; init; } = new();

    /// <summary>How candidates are scored.</summary>
    public EvaluationSettings Evaluation { get; init; } = new();

    /// <summary>How the finalists are scored again (used when <see cref="EvolutionOptions.Finalists"/> &gt; 0).</summary>
    public ConfirmationSettings Confirmation { get; init; } = new();

    /// <summary>The seed of every random draw of the search.</summary>
    public ulong Seed { get; init; }

    /// <summary>Whether <paramref name="other"/> asks for exactly the same search (every value equal, lists element by element).</summary>
    public bool SameAs(SearchSpec other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return JsonSerializer.Serialize(this) == JsonSerializer.Serialize(other);
    }

    /// <summary>Checks everything that does not depend on the model.</summary>
    /// <exception cref="FieldException">A value is invalid; <see cref="ArgumentException.ParamName"/> is its field path.</exception>
    public void Validate()
    {
        if (Space is null || Budget is null || Evolution is null || Evaluation is null || Confirmation is null)
        {
            string missing = Space is null ? "space" : Budget is null ? "budget" : Evolution is null ? "evolution" : Evaluation is null ? "evaluation" : "confirmation";
            throw new FieldException(missing, "is missing");
        }
        // A stored record can hold what no gRPC request can: a null list.
        if (Space.SegmentCounts is null || Space.Branches is null)
            throw new FieldException(Space.SegmentCounts is null ? "space.segment_counts" : "space.branches", "is missing");
        Evaluation.Validate();
        Evolution.Validate();
        Confirmation.Validate();
        Budget.ToBudget();
        // Branches are only known with the model; any one branch lets the other limits be checked now.
        BuildSpace(Space.Branches.Count == 0 ? [0] : Space.Branches);
    }

    /// <summary>The engine's request on <paramref name="model"/>: its costs, and by default all its branches.</summary>
    /// <exception cref="FieldException">The specification is invalid, or does not fit the model; the field is named.</exception>
    public SearchRequest ToRequest(ModelDescription model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Validate();
        var branches = Space.Branches.Count == 0 ? [.. Enumerable.Range(0, model.BranchCount)] : Space.Branches;
        var request = new SearchRequest(BuildSpace(branches), model.Costs, Budget.ToBudget(), Evolution, Seed);
        request.Validate();
        return request;
    }

    private SearchSpace BuildSpace(IReadOnlyList<int> branches) => SearchSpace.Create(
        Evaluation.TeacherSteps,
        branches,
        Space.SegmentCounts.Count == 0 ? null : Space.SegmentCounts,
        Space.MinInterval,
        Space.MaxInterval,
        Space.UnequalSegments,
        Space.MinSegmentLength,
        Space.MaxSegmentLength);
}
