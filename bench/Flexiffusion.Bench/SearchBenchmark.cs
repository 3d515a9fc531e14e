using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Bench;

/// <summary>
/// The search engine's own cost: full searches against an instant synthetic fitness, so every
/// millisecond measured is engine work (proposals, repair, ranking, snapshots) and none is sampling.
/// </summary>
public static class SearchBenchmark
{
    public static void Run(StringBuilder report, bool quick)
    {
        var macs = MacCounter.Count(UNetConfigs.Resolve("mnist"));
        var costs = new CostTable(macs.Full, macs.Partial.Select(p => (double)p));
        var branches = Enumerable.Range(0, macs.BranchCount).ToList();
        report.AppendLine("## Search engine overhead (instant synthetic fitness, mnist cost table)");
        report.AppendLine();
        report.AppendLine("| space | objective | budget | generations | candidates scored | engine ms | ms per candidate | best speed-up | front size |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|");
        int generations = quick ? 3 : 10;
        var cases = new (string Name, SearchSpace Space, SearchObjective Objective, ComputeBudget Budget)[]
        {
            ("T=100, equal", SearchSpace.Create(100, branches), SearchObjective.Single, ComputeBudget.AtLeastSpeedup(3)),
            ("T=100, equal", SearchSpace.Create(100, branches), SearchObjective.Pareto, ComputeBudget.None),
            ("T=100, unequal 2..50", SearchSpace.Create(100, branches, allowUnequalSegments: true, minSegmentLength: 2, maxSegmentLength: 50), SearchObjective.Single, ComputeBudget.AtLeastSpeedup(3)),
            ("T=250, equal", SearchSpace.Create(250, branches), SearchObjective.Single, ComputeBudget.AtLeastSpeedup(4)),
        };
        foreach (var (name, space, objective, budget) in cases)
        {
            var options = new EvolutionOptions { Generations = generations, Objective = objective, Seeding = ScheduleSeeding.All };
            var request = new SearchRequest(space, costs, budget, options, 1);
            var search = new EvolutionarySearch(request, new SyntheticFitness());
            long start = Stopwatch.GetTimestamp();
            var result = search.RunAsync().GetAwaiter().GetResult();
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            report.AppendLine($"| {name} | {objective} | {budget} | {result.Generations} | {result.History.Count} | {BenchApp.F(ms, "F1")} | {BenchApp.F(ms / result.History.Count, "F3")} | {BenchApp.F(result.Best.Cost.MacSpeedup)}× | {result.Front.Count} |");
        }
        report.AppendLine();
        report.AppendLine("For scale: one rFID evaluation of a candidate on 256 images takes about 8 s on this machine (metrics benchmark).");
        report.AppendLine();
    }

    /// <summary>An rFID-like error: nulls cost more than partial steps, shallow branches more than deep ones, early positions more than late.</summary>
    private sealed class SyntheticFitness : IFitnessEvaluator
    {
        public async IAsyncEnumerable<CandidateEvaluation> EvaluateAsync(IReadOnlyList<Candidate> batch, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask.ConfigureAwait(false);
            foreach (var candidate in batch)
                yield return new CandidateEvaluation(candidate, Error(candidate));
        }

        private static double Error(Candidate candidate)
        {
            double error = 0;
            int position = 0;
            foreach (var s in candidate.Segments)
            {
                for (int i = 0; i < s.Length; i++, position++)
                {
                    double weight = 1 + 2.0 * (candidate.TeacherSteps - position) / candidate.TeacherSteps;
                    if (i > 0)
                        error += i < s.Interval ? weight * i * 0.05 / (1 + s.Branch) : weight * 0.4;
                }
            }
            return error;
        }
    }
}
