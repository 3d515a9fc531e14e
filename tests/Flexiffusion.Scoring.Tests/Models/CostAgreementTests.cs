using Flexiffusion.Scoring.Tests.TestSupport;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Scoring.Tests.Models;

/// <summary>
/// The evaluator reports a candidate's cost from the model's layers (<c>MacReport.PlanMacs</c> of its plan); the
/// controller ranks and budgets it with the cost table the evaluator announces (<see cref="CostModel"/>). They must
/// be the same numbers, or a search would budget one cost and report another.
/// </summary>
public sealed class CostAgreementTests
{
    [Fact]
    public void PlanMacs_EveryKnownAndUnequalCandidate_EqualsTheControllersCostModel()
    {
        using var catalog = TinyModel.Catalog();
        var model = catalog.Models[0];
        var costs = new CostModel(model.Description.Costs);
        var space = SearchSpace.Create(10, Enumerable.Range(0, model.BranchCount), allowUnequalSegments: true);
        var candidates = KnownSchedules.For(space, ScheduleSeeding.All)
            .Concat(new[] { "3: 1:3/4 F/3 2:2/3", "10: Fx10", "1: 0:10", "4: 3:2/2 0:3/3 F/1 1:4/4" }.Select(t => Candidate.Parse(t, 10)))
            .ToList();

        Assert.True(candidates.Count > 20, $"{candidates.Count} candidates");
        Assert.All(candidates, c =>
        {
            var plan = c.ToPlan();
            var cost = costs.Evaluate(c);
            Assert.Equal(model.Macs.PlanMacs(plan), cost.Macs);
            Assert.Equal(plan.Nfe, cost.Nfe);
            Assert.Equal(model.Macs.PlanSpeedup(plan), cost.MacSpeedup, 12);
        });
    }
}
