using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Tests.Evolution;

public sealed class ConfirmationTests
{
    private static ConfirmedCandidate Finalist(string text, double score, string? baseline = null, params double[] replicates) =>
        new(new ScoredCandidate(Candidate.Parse(text, 20), new CandidateCost(1e9, 4e9, 5, null, null), score, 0), score, baseline) { Bootstrap = replicates };

    /// <summary>Replicates of a score: the score plus a fixed per-replicate offset, so that two lists pair up.</summary>
    private static double[] Replicates(double score, int count, Func<int, double> offset) =>
        [.. Enumerable.Range(0, count).Select(r => score + offset(r))];

    [Fact]
    public void Best_PointScoresOnly_IsTheLeaderAndTheMarginIsTheDifference()
    {
        var confirmation = new Confirmation("s", [Finalist("5: Fx5", 1.0), Finalist("4: Fx4", 1.5, "ddim:4"), Finalist("2: Fx2", 3.0, "quadratic:2")]);

        Assert.Equal("5: Fx5", confirmation.Best.Searched.Text);
        Assert.Same(confirmation.Leader, confirmation.Best);
        Assert.Equal("4: Fx4", confirmation.BestBaseline!.Searched.Text);
        Assert.Equal(0.5, confirmation.Margin!.Value, 12);
        Assert.Same(confirmation.Best, confirmation.Challenger);
        Assert.Null(confirmation.ChallengerWinRate);
        Assert.Null(confirmation.MarginInterval);
    }

    [Fact]
    public void Best_ChallengerAheadOnlyByImageLuck_KeepsTheBaselineAndSaysHowOftenTheChallengerWon()
    {
        // The challenger's replicates beat the baseline's in 12 of 20 (60%): not enough.
        var challenger = Finalist("5: Fx5", 1.0, null, Replicates(1.0, 20, r => r < 12 ? 0 : 2));
        var baseline = Finalist("4: Fx4", 1.1, "ddim:4", Replicates(1.1, 20, _ => 0));

        var confirmation = new Confirmation("s", [challenger, baseline]);

        Assert.Same(baseline, confirmation.Best);
        Assert.Same(challenger, confirmation.Leader);
        Assert.Equal(0, confirmation.Margin);
        Assert.Same(challenger, confirmation.Challenger);
        Assert.Equal(0.6, confirmation.ChallengerWinRate!.Value, 12);
        var interval = Assert.IsType<BootstrapInterval>(confirmation.MarginInterval);
        Assert.True(interval.Low < 0 && interval.High > 0, $"{interval}");
    }

    [Fact]
    public void Best_ChallengerWinningNearlyEveryReplicate_ReplacesTheBaselineWithItsInterval()
    {
        // 19 of 20 replicates (95%) won by 0.2 to 0.4; one lost.
        var challenger = Finalist("5: Fx5", 1.0, null, Replicates(1.0, 20, r => r == 7 ? 1 : -0.01 * r));
        var baseline = Finalist("4: Fx4", 1.3, "ddim:4", Replicates(1.3, 20, _ => 0));

        var confirmation = new Confirmation("s", [challenger, baseline]);

        Assert.Same(challenger, confirmation.Best);
        Assert.Equal(0.3, confirmation.Margin!.Value, 12);
        Assert.Equal(Confirmation.Confidence, confirmation.ChallengerWinRate!.Value, 12);
        var interval = Assert.IsType<BootstrapInterval>(confirmation.MarginInterval);
        Assert.True(interval.Low > 0 && interval.High <= 0.3 + 0.19 + 1e-12, $"{interval}");
    }

    [Fact]
    public void Best_LeaderNotSureButRunnerUpSure_IsTheRunnerUp()
    {
        var leader = Finalist("5: Fx5", 0.8, null, Replicates(0.8, 10, r => r % 2 == 0 ? 0 : 1));
        var runnerUp = Finalist("10: Fx10", 0.9, null, Replicates(0.9, 10, _ => 0));
        var baseline = Finalist("4: Fx4", 1.2, "ddim:4", Replicates(1.2, 10, _ => 0));

        var confirmation = new Confirmation("s", [leader, runnerUp, baseline]);

        Assert.Same(runnerUp, confirmation.Best);
        Assert.Same(runnerUp, confirmation.Challenger);
        Assert.Equal(1.0, confirmation.ChallengerWinRate);
    }

    [Fact]
    public void Best_BaselineLeads_IsTheBaselineWithoutChallenger()
    {
        var confirmation = new Confirmation("s", [Finalist("4: Fx4", 0.5, "ddim:4", 0.5, 0.5), Finalist("5: Fx5", 0.7, null, 0.6, 0.8)]);

        Assert.Equal("ddim:4", confirmation.Best.Baseline);
        Assert.Equal(0, confirmation.Margin);
        Assert.Null(confirmation.Challenger);
        Assert.Null(confirmation.ChallengerWinRate);
    }

    [Fact]
    public void Best_WithoutBaselines_IsTheLeader()
    {
        var confirmation = new Confirmation("s", [Finalist("5: Fx5", 0.5, null, 0.5), Finalist("4: Fx4", 0.7, null, 0.1)]);

        Assert.Same(confirmation.Leader, confirmation.Best);
        Assert.Null(confirmation.Margin);
        Assert.Null(confirmation.Challenger);
    }
}
