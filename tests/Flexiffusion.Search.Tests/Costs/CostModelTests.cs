using CsCheck;
using Flexiffusion.Plans;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Space;
using Flexiffusion.Search.Tests.Space;

namespace Flexiffusion.Search.Tests.Costs;

public sealed class CostModelTests
{
    // Tables covering every branch the candidate generator uses, with and without latencies.
    private static readonly Gen<CostTable> Tables =
        Gen.Select(Gen.Double[1e6, 1e11], Gen.Double[1e4, 1e11].Array[CandidateGen.MaxBranch + 1], Gen.Double[0.01, 100],
                Gen.Double[0.001, 100].Array[CandidateGen.MaxBranch + 1], Gen.Bool)
            .Select((full, partial, fullMs, partialMs, timed) => timed ? new CostTable(full, partial, fullMs, partialMs) : new CostTable(full, partial));

    [Fact]
    public void Evaluate_RandomCandidates_MacsEqualThePerPositionSumOverThePlan()
    {
        Check.Sample(Gen.Select(CandidateGen.Any, Tables), (candidate, table) =>
        {
            var cost = new CostModel(table).Evaluate(candidate);

            double expected = 0;
            foreach (var step in candidate.ToPlan())
            {
                expected += step.Kind switch
                {
                    StepKind.Full => table.FullMacs,
                    StepKind.Partial => table.PartialMacs[step.Branch],
                    _ => 0,
                };
            }
            AssertClose(expected, cost.Macs);
        }, iter: 300);
    }

    [Fact]
    public void Evaluate_RandomCandidates_MacsFollowTheSegmentFormula()
    {
        Check.Sample(Gen.Select(CandidateGen.Any, Tables), (candidate, table) =>
        {
            var cost = new CostModel(table).Evaluate(candidate);

            double expected = (candidate.SegmentCount * table.FullMacs)
                + candidate.Segments.Where(s => s.Interval > 1).Sum(s => (s.Interval - 1) * table.PartialMacs[s.Branch]);
            AssertClose(expected, cost.Macs);
            Assert.Equal(candidate.TeacherSteps * table.FullMacs, cost.TeacherMacs);
            Assert.Equal(candidate.Nfe, cost.Nfe);
            Assert.Equal(cost.TeacherMacs / cost.Macs, cost.MacSpeedup);
            // Partial steps only add cost: no candidate beats skipping them (speed-up T / N_seg).
            Assert.True(cost.MacSpeedup <= candidate.TeacherSteps / (double)candidate.SegmentCount * (1 + 1e-12));
        }, iter: 300);
    }

    [Fact]
    public void Evaluate_RandomCandidatesWithLatencies_LatencyIsThePerPositionSum()
    {
        var timedTables = Tables.Where(t => t.HasLatency);
        Check.Sample(Gen.Select(CandidateGen.Any, timedTables), (candidate, table) =>
        {
            var cost = new CostModel(table).Evaluate(candidate);

            double expected = candidate.ToPlan().Sum(step => step.Kind switch
            {
                StepKind.Full => table.FullLatencyMs!.Value,
                StepKind.Partial => table.PartialLatencyMs!.Value[step.Branch],
                _ => 0,
            });
            Assert.NotNull(cost.LatencyMs);
            AssertClose(expected, cost.LatencyMs.Value);
            Assert.Equal(candidate.TeacherSteps * table.FullLatencyMs!.Value, cost.TeacherLatencyMs);
        }, iter: 200);
    }

    [Fact]
    public void Evaluate_SameCandidateTwice_IsBitForBitIdentical()
    {
        Check.Sample(Gen.Select(CandidateGen.Any, Tables), (candidate, table) =>
        {
            var model = new CostModel(table);

            Assert.Equal(model.Evaluate(candidate), model.Evaluate(Candidate.Parse(candidate.ToString(), candidate.TeacherSteps)));
        }, iter: 100);
    }

    [Fact]
    public void Evaluate_Teacher_CostsTFullStepsAndHasNoSpeedUp()
    {
        var teacher = Candidate.Equal(100, Enumerable.Repeat((0, 1), 100).ToList());

        var cost = new CostModel(Cifar10.Table()).Evaluate(teacher);

        Assert.Equal(100 * Cifar10.FullMacs, cost.Macs, 1e-3);
        Assert.Equal(100 * Cifar10.FullMacs, cost.TeacherMacs);
        Assert.Equal(1.0, cost.MacSpeedup, 1e-12);
        Assert.Equal(100, cost.Nfe);
    }

    [Fact]
    public void Evaluate_DeepCacheOneToFiveAtBranchTwo_MatchesTheCifar10Numbers()
    {
        var deepCache = Candidate.Parse("20: 2:5x20", 100);

        var cost = new CostModel(Cifar10.Table()).Evaluate(deepCache);

        // (6,053,953,536 + 4 × 2,239,102,976) / 5 = 3,002,073,088 MACs per step (DeepCache reports
        // 3.01 GMACs), over 100 steps; integer MACs, so every sum is exact.
        Assert.Equal(3_002_073_088.0, Cifar10.DeepCacheOneToFivePerStep);
        Assert.Equal(300_207_308_800.0, cost.Macs);
        Assert.Equal(605_395_353_600.0, cost.TeacherMacs);
        Assert.Equal(6_053_953_536 / 3_002_073_088.0, cost.MacSpeedup, 1e-12);
        Assert.Equal(100, cost.Nfe);
        Assert.Null(cost.LatencyMs);
        Assert.Null(cost.TeacherLatencyMs);
        Assert.Null(cost.LatencySpeedup);
    }

    [Fact]
    public void Evaluate_Ddim20_IsExactlyFiveTimesFaster()
    {
        var ddim = Candidate.Parse("20: Fx20", 100);

        var cost = new CostModel(Cifar10.Table()).Evaluate(ddim);

        Assert.Equal(5.0, cost.MacSpeedup);
        Assert.Equal(20 * Cifar10.FullMacs, cost.Macs);
        Assert.Equal(20, cost.Nfe);
    }

    [Fact]
    public void Evaluate_TableWithLatencies_FillsTheLatencyFields()
    {
        var table = new CostTable(100, [10, 20, 30], 10, [2, 3, 4]);
        var candidate = Candidate.Parse("2: 2:4 1:2", 10);

        var cost = new CostModel(table).Evaluate(candidate);

        // Segment 1: F P2 P2 P2 N; segment 2: F P1 N N N.
        Assert.Equal(100 + (3 * 30) + 100 + 20, cost.Macs);
        Assert.Equal(1000, cost.TeacherMacs);
        Assert.Equal(10 + (3 * 4) + 10 + 3, cost.LatencyMs);
        Assert.Equal(100, cost.TeacherLatencyMs);
        Assert.Equal(100 / 35.0, cost.LatencySpeedup);
        Assert.Equal(1000 / 310.0, cost.MacSpeedup);
        Assert.Equal(6, cost.Nfe);
    }

    [Fact]
    public void Evaluate_BranchBeyondTheTable_ThrowsNamingTheCandidate()
    {
        var model = new CostModel(new CostTable(100, [10, 20, 30]));
        var candidate = Candidate.Parse("2: F 3:2", 10);

        var error = Assert.Throws<ArgumentException>(() => model.Evaluate(candidate));

        Assert.Equal("candidate", error.ParamName);
        Assert.Contains("branch 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LastBranchOfTheTable_IsCovered()
    {
        var model = new CostModel(new CostTable(100, [10, 20, 30]));

        var cost = model.Evaluate(Candidate.Parse("1: 2:3", 3));

        Assert.Equal(160, cost.Macs);
    }

    [Fact]
    public void Evaluate_LoneFullStepsOnly_NeedNoPartialBranch()
    {
        var model = new CostModel(new CostTable(100, [10]));

        var cost = model.Evaluate(Candidate.Parse("3: 9:1 F 5:1", 9));

        Assert.Equal(300, cost.Macs);
        Assert.Equal(3.0, cost.MacSpeedup);
    }

    [Fact]
    public void Constructor_NullTable_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new CostModel(null!));
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
}
