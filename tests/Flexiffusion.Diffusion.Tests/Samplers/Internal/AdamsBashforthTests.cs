using Flexiffusion.Diffusion.Samplers.Internal;

namespace Flexiffusion.Diffusion.Tests.Samplers.Internal;

public class AdamsBashforthTests
{
    [Fact]
    public void Weights_EvenGridFourNodes_ArePndmCoefficients()
    {
        double[] w = AdamsBashforth.Weights([500, 510, 520, 530], 490);

        Assert.Equal([55 / 24.0, -59 / 24.0, 37 / 24.0, -9 / 24.0], w, new Tolerance(1e-12));
    }

    [Fact]
    public void Weights_EvenGridLowerOrders_AreClassicalAdamsBashforth()
    {
        Assert.Equal([1.0], AdamsBashforth.Weights([100], 90), new Tolerance(1e-12));
        Assert.Equal([1.5, -0.5], AdamsBashforth.Weights([100, 110], 90), new Tolerance(1e-12));
        Assert.Equal([23 / 12.0, -16 / 12.0, 5 / 12.0], AdamsBashforth.Weights([100, 110, 120], 90), new Tolerance(1e-12));
    }

    [Fact]
    public void Weights_UnevenGrid_IntegrateCubicsExactly()
    {
        double[] nodes = [300, 330, 340, 400];
        double target = 250;
        static double F(double t) => 2 - 0.01 * t + 3e-5 * t * t - 1e-8 * t * t * t;
        static double Antiderivative(double t) => 2 * t - 0.005 * t * t + 1e-5 * t * t * t - 2.5e-9 * t * t * t * t;

        double[] w = AdamsBashforth.Weights(nodes, target);
        double combined = w.Select((wk, k) => wk * F(nodes[k])).Sum();
        double exactMean = (Antiderivative(target) - Antiderivative(nodes[0])) / (target - nodes[0]);

        Assert.Equal(exactMean, combined, 1e-9);
        Assert.Equal(1.0, w.Sum(), 1e-12);
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
