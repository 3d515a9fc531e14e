using Flexiffusion.Metrics.Ranking;

namespace Flexiffusion.Metrics.Tests.Ranking;

public class RankAgreementTests
{
    [Fact]
    public void Both_SameOrder_AreOne_ReversedOrder_AreMinusOne()
    {
        double[] x = [0.1, 0.5, 2, 7], y = [10, 20, 30, 40];

        Assert.Equal(1.0, RankAgreement.KendallTau(x, y), 12);
        Assert.Equal(1.0, RankAgreement.SpearmanRho(x, y), 12);
        Assert.Equal(-1.0, RankAgreement.KendallTau(x, y.Reverse().ToArray()), 12);
        Assert.Equal(-1.0, RankAgreement.SpearmanRho(x, y.Reverse().ToArray()), 12);
    }

    [Fact]
    public void Both_NoTies_MatchTheTextbookFormulas()
    {
        // 5 of 15 pairs discordant: τ = (10 − 5)/15; rank differences 2,2,2,2,1,1: ρ = 1 − 6·18/(6·35).
        double[] x = [1, 2, 3, 4, 5, 6], y = [3, 4, 1, 2, 6, 5];

        Assert.Equal(1.0 / 3, RankAgreement.KendallTau(x, y), 12);
        Assert.Equal(1 - 6.0 * 18 / (6 * 35), RankAgreement.SpearmanRho(x, y), 12);
    }

    [Fact]
    public void Both_WithTies_UseTauBAndAverageRanks()
    {
        double[] x = [1, 2, 2, 3, 4, 5], y = [2, 1, 3, 3, 5, 4];

        Assert.Equal(0.6428571428571429, RankAgreement.KendallTau(x, y), 12);
        Assert.Equal(0.8088235294117647, RankAgreement.SpearmanRho(x, y), 12);
        Assert.Equal([1, 2.5, 2.5, 4], RankAgreement.Ranks([1, 3, 3, 9]));
    }

    [Fact]
    public void Both_AreInvariantUnderMonotoneTransforms()
    {
        var random = new Random(4);
        double[] x = [.. Enumerable.Range(0, 25).Select(_ => random.NextDouble())];
        double[] y = [.. x.Select(v => v + 0.3 * random.NextDouble())];
        double[] transformed = [.. y.Select(v => Math.Exp(3 * v))];

        Assert.Equal(RankAgreement.KendallTau(x, y), RankAgreement.KendallTau(x, transformed), 12);
        Assert.Equal(RankAgreement.SpearmanRho(x, y), RankAgreement.SpearmanRho(x, transformed), 12);
    }

    [Fact]
    public void Both_BadInput_Throw()
    {
        Assert.Throws<ArgumentException>(() => RankAgreement.KendallTau([1, 2], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => RankAgreement.SpearmanRho([1], [1]));
        Assert.Throws<ArgumentException>(() => RankAgreement.KendallTau([1, 1, 1], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => RankAgreement.SpearmanRho([1, double.NaN], [1, 2]));
    }
}
