using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Space;
using Flexiffusion.Search.Tests.TestSupport;

namespace Flexiffusion.Search.Tests.Evolution;

public sealed class SearchRequestTests
{
    private static SearchSpace BaseSpace(int teacherSteps = 24, int[]? branches = null, int[]? counts = null, int minInterval = 1,
        int? maxInterval = 6, bool unequal = true, int minLength = 2, int? maxLength = 16) =>
        SearchSpace.Create(teacherSteps, branches ?? [0, 1], counts ?? [2, 3, 4], minInterval, maxInterval, unequal, minLength, maxLength);

    private static CostTable BaseCosts(double full = 10, double[]? partial = null, double? fullLatency = 10, double[]? partialLatency = null) =>
        new(full, partial ?? [1, 2], fullLatency, fullLatency is null ? null : partialLatency ?? [0.5, 1]);

    private static SearchRequest Base() =>
        new(BaseSpace(), BaseCosts(), ComputeBudget.AtLeastSpeedup(3), new EvolutionOptions(), 7);

    /// <summary>The base request and one variant per setting, each differing from the base in that setting alone.</summary>
    private static IEnumerable<(string Setting, SearchRequest Request)> Variants()
    {
        var b = Base();
        var e = b.Evolution;
        yield return ("base", b);
        yield return ("TeacherSteps", b with { Space = BaseSpace(teacherSteps: 26) });
        yield return ("Branches", b with { Space = BaseSpace(branches: [0]) });
        yield return ("Branches other", b with { Space = BaseSpace(branches: [1]) });
        yield return ("SegmentCounts", b with { Space = BaseSpace(counts: [2, 3]) });
        yield return ("SegmentCounts added", b with { Space = BaseSpace(counts: [2, 3, 4, 5]) });
        yield return ("MinInterval", b with { Space = BaseSpace(minInterval: 2) });
        yield return ("MaxInterval", b with { Space = BaseSpace(maxInterval: 5) });
        yield return ("MaxInterval none", b with { Space = BaseSpace(maxInterval: null) });
        yield return ("AllowUnequalSegments", b with { Space = BaseSpace(unequal: false) });
        yield return ("MinSegmentLength", b with { Space = BaseSpace(minLength: 3) });
        yield return ("MaxSegmentLength", b with { Space = BaseSpace(maxLength: 15) });
        yield return ("MaxSegmentLength none", b with { Space = BaseSpace(maxLength: null) });
        yield return ("FullMacs", b with { Costs = BaseCosts(full: Math.BitIncrement(10.0)) });
        yield return ("PartialMacs[0]", b with { Costs = BaseCosts(partial: [1.5, 2]) });
        yield return ("PartialMacs[1]", b with { Costs = BaseCosts(partial: [1, Math.BitDecrement(2.0)]) });
        yield return ("PartialMacs added", b with { Costs = BaseCosts(partial: [1, 2, 4], partialLatency: [0.5, 1, 2]) });
        // Latencies are measured, so they differ from run to run: they count only when the budget is in latency.
        var latency = ComputeBudget.AtLeastSpeedup(3, CostMetric.Latency);
        yield return ("FullLatencyMs", b with { Costs = BaseCosts(fullLatency: 11), Budget = latency });
        yield return ("PartialLatencyMs", b with { Costs = BaseCosts(partialLatency: [0.5, 1.25]), Budget = latency });
        yield return ("Finalists", b with { Evolution = e with { Finalists = 2 } });
        yield return ("Budget speed-up", b with { Budget = ComputeBudget.AtLeastSpeedup(Math.BitIncrement(3.0)) });
        yield return ("Budget metric", b with { Budget = ComputeBudget.AtLeastSpeedup(3, CostMetric.Latency) });
        yield return ("Budget kind", b with { Budget = ComputeBudget.AtMost(3) });
        yield return ("Budget max cost", b with { Budget = ComputeBudget.AtMost(80) });
        yield return ("Budget max cost metric", b with { Budget = ComputeBudget.AtMost(80, CostMetric.Latency) });
        yield return ("Budget none", b with { Budget = ComputeBudget.None });
        yield return ("PopulationSize", b with { Evolution = e with { PopulationSize = 51 } });
        yield return ("ParentCount", b with { Evolution = e with { ParentCount = 11 } });
        yield return ("MutationChildren", b with { Evolution = e with { MutationChildren = 24 } });
        yield return ("CrossoverChildren", b with { Evolution = e with { CrossoverChildren = 24 } });
        yield return ("MutationProbability", b with { Evolution = e with { MutationProbability = Math.BitIncrement(0.1) } });
        yield return ("RetileProbability", b with { Evolution = e with { RetileProbability = 0.2 } });
        yield return ("Generations", b with { Evolution = e with { Generations = 11 } });
        yield return ("Objective", b with { Evolution = e with { Objective = SearchObjective.Pareto } });
        yield return ("Seeding", b with { Evolution = e with { Seeding = ScheduleSeeding.StepReduction } });
        yield return ("Seeding all", b with { Evolution = e with { Seeding = ScheduleSeeding.All } });
        yield return ("AttemptsPerChild", b with { Evolution = e with { AttemptsPerChild = 49 } });
        yield return ("Seed", b with { Seed = 8 });
        yield return ("Seed top bit", b with { Seed = 7 | (1UL << 63) });
    }

    [Fact]
    public void Fingerprint_EqualRequestsBuiltSeparately_AreEqual()
    {
        var a = Base();
        var b = new SearchRequest(
            SearchSpace.Create(24, [1, 0], [4, 2, 3], 1, 6, true, 2, 16),
            new CostTable(10, [1, 2], 10, [0.5, 1]),
            ComputeBudget.AtLeastSpeedup(3),
            new EvolutionOptions { PopulationSize = 50, MutationProbability = 0.1 },
            7);

        Assert.Equal(a.Fingerprint(), b.Fingerprint());
        Assert.Equal(a.Fingerprint(), a.Fingerprint());
    }

    [Fact]
    public void Fingerprint_IsLowercaseHexSha256()
    {
        string fingerprint = Base().Fingerprint();

        Assert.Matches("^[0-9a-f]{64}$", fingerprint);
    }

    [Fact]
    public void Fingerprint_AnyOneSettingChanged_Changes()
    {
        var seen = new Dictionary<string, string>();

        foreach (var (setting, request) in Variants())
        {
            string fingerprint = request.Fingerprint();

            Assert.False(seen.TryGetValue(fingerprint, out string? same), $"'{setting}' has the same fingerprint as '{same}'");
            seen[fingerprint] = setting;
        }
        Assert.Equal(39, seen.Count);
    }

    [Fact]
    public void Fingerprint_MacBudget_IgnoresMeasuredLatencies()
    {
        var b = Base();

        Assert.Equal(b.Fingerprint(), (b with { Costs = BaseCosts(fullLatency: 11) }).Fingerprint());
        Assert.Equal(b.Fingerprint(), (b with { Costs = BaseCosts(fullLatency: null) }).Fingerprint());
    }

    [Fact]
    public void Describe_NamesEverySetting()
    {
        string text = Base().Describe();

        foreach (string part in new[] { "T=24", "counts=2,3,4", "branches=0,1", "interval=1..6", "unequal=True", "length=2..16",
            "full=10", "partial=1,2", "metric=Macs", "speedup=3", "population=50",
            "parents=10", "mutation=25", "crossover=25", "p=0.1", "retile=0.1", "generations=10", "objective=Single",
            "seeding=None", "attempts=50", "finalists=0", "seed=7" })
        {
            Assert.Contains(part, text, StringComparison.Ordinal);
        }
        string latency = (Base() with { Budget = ComputeBudget.AtLeastSpeedup(3, CostMetric.Latency) }).Describe();
        Assert.Contains("latency=10 partial-latency=0.5,1", latency, StringComparison.Ordinal);
        Assert.DoesNotContain("latency=10", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValidRequest_DoesNotThrow()
    {
        var error = Record.Exception(Base().Validate);

        Assert.Null(error);
    }

    [Fact]
    public void Validate_ParetoWithoutBudget_DoesNotThrow()
    {
        var request = Base() with { Budget = ComputeBudget.None, Evolution = new EvolutionOptions { Objective = SearchObjective.Pareto } };

        var error = Record.Exception(request.Validate);

        Assert.Null(error);
    }

    [Fact]
    public void Validate_SingleObjectiveWithoutBudget_NamesBudget()
    {
        var request = Base() with { Budget = ComputeBudget.None };

        var error = Assert.ThrowsAny<ArgumentException>(request.Validate);

        Assert.Equal("budget", error.ParamName);
        Assert.Contains("Pareto", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InfeasibleBudget_NamesBudgetWithCheapestCostAndLimit()
    {
        // Cheapest: 2 segments of interval 2 at the cheapest branch, 2·(10 + 1) = 22; limit 240 / 12 = 20.
        var request = Base() with { Space = BaseSpace(minInterval: 2), Budget = ComputeBudget.AtLeastSpeedup(12) };

        var error = Assert.ThrowsAny<ArgumentException>(request.Validate);

        Assert.Equal("budget", error.ParamName);
        Assert.Contains("cheapest costs 22", error.Message, StringComparison.Ordinal);
        Assert.Contains("limit of 20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BudgetExactlyAtCheapestCost_IsAccepted()
    {
        var request = Base() with { Space = BaseSpace(minInterval: 2), Budget = ComputeBudget.AtMost(22) };

        var error = Record.Exception(request.Validate);

        Assert.Null(error);
    }

    [Fact]
    public void Validate_BudgetJustBelowCheapestCost_NamesBudget()
    {
        // 22·(1 − 5e-10): below the cheapest candidate's 22 by more than ComputeBudget's 1e-12 slack, so no
        // candidate fits and the search could score nothing.
        var budget = ComputeBudget.AtMost(22 * (1 - 5e-10));
        var request = Base() with { Space = BaseSpace(minInterval: 2), Budget = budget };
        var cheapest = new CostModel(request.Costs).Evaluate(Candidate.Parse("2: 0:2/12 0:2/12", 24));
        Assert.Equal(22, cheapest.Macs);
        Assert.False(budget.Allows(cheapest));

        var error = Assert.ThrowsAny<ArgumentException>(request.Validate);

        Assert.Equal("budget", error.ParamName);
    }

    [Fact]
    public void Validate_BranchOutsideCostTable_NamesBranches()
    {
        var request = Base() with { Space = BaseSpace(branches: [0, 2]) };

        var error = Assert.ThrowsAny<ArgumentException>(request.Validate);

        Assert.Equal("space.branches", error.ParamName);
        Assert.Contains("branch 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LatencyBudgetWithoutLatencies_NamesBudget()
    {
        var request = Base() with { Costs = BaseCosts(fullLatency: null), Budget = ComputeBudget.AtLeastSpeedup(3, CostMetric.Latency) };

        var error = Assert.ThrowsAny<ArgumentException>(request.Validate);

        Assert.Equal("budget", error.ParamName);
        Assert.Contains("latenc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LatencyBudgetWithLatencies_IsAccepted()
    {
        var request = Base() with { Budget = ComputeBudget.AtLeastSpeedup(3, CostMetric.Latency) };

        var error = Record.Exception(request.Validate);

        Assert.Null(error);
    }

    [Theory]
    [InlineData(nameof(EvolutionOptions.PopulationSize))]
    [InlineData(nameof(EvolutionOptions.ParentCount))]
    [InlineData(nameof(EvolutionOptions.MutationChildren))]
    [InlineData(nameof(EvolutionOptions.CrossoverChildren))]
    [InlineData(nameof(EvolutionOptions.MutationProbability))]
    [InlineData(nameof(EvolutionOptions.RetileProbability))]
    [InlineData(nameof(EvolutionOptions.Generations))]
    [InlineData(nameof(EvolutionOptions.AttemptsPerChild))]
    [InlineData(nameof(EvolutionOptions.Objective))]
    [InlineData(nameof(EvolutionOptions.Seeding))]
    public void Validate_BadEvolutionOption_NamesThatOption(string option)
    {
        var options = option switch
        {
            nameof(EvolutionOptions.PopulationSize) => new EvolutionOptions { PopulationSize = 0 },
            nameof(EvolutionOptions.ParentCount) => new EvolutionOptions { ParentCount = 0 },
            nameof(EvolutionOptions.MutationChildren) => new EvolutionOptions { MutationChildren = -1 },
            nameof(EvolutionOptions.CrossoverChildren) => new EvolutionOptions { CrossoverChildren = -1 },
            nameof(EvolutionOptions.MutationProbability) => new EvolutionOptions { MutationProbability = 1.5 },
            nameof(EvolutionOptions.RetileProbability) => new EvolutionOptions { RetileProbability = double.NaN },
            nameof(EvolutionOptions.Generations) => new EvolutionOptions { Generations = 0 },
            nameof(EvolutionOptions.AttemptsPerChild) => new EvolutionOptions { AttemptsPerChild = 0 },
            nameof(EvolutionOptions.Objective) => new EvolutionOptions { Objective = (SearchObjective)7 },
            _ => new EvolutionOptions { Seeding = (ScheduleSeeding)16 },
        };
        // Without a budget the request is bad in a second way too; the options are checked first.
        var request = Base() with { Evolution = options, Budget = ComputeBudget.None };

        var error = Assert.ThrowsAny<ArgumentException>(request.Validate);

        Assert.Equal(Fields.Of(option), error.ParamName);
    }

    [Fact]
    public void Validate_NullField_ThrowsArgumentNullNamingIt()
    {
        var request = Base() with { Costs = null! };

        var error = Assert.Throws<ArgumentNullException>(request.Validate);

        Assert.Equal("Costs", error.ParamName);
    }
}
