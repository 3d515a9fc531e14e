namespace Flexiffusion.Diffusion.Samplers.Internal;

/// <summary>
/// Variable-step Adams–Bashforth weights: the mean over [t_0, target] of the Lagrange polynomial
/// through (t_k, f_k). On an even grid with four nodes they are PNDM's (55, −59, 37, −9)/24.
/// </summary>
internal static class AdamsBashforth
{
    private static readonly double[] GaussNodes = [0.5 - 0.5 / Math.Sqrt(3), 0.5 + 0.5 / Math.Sqrt(3)];

    /// <param name="nodes">Times of the known values, the current one first (at most 4).</param>
    /// <param name="target">The time to step to.</param>
    public static double[] Weights(IReadOnlyList<double> nodes, double target)
    {
        int n = nodes.Count;
        double span = target - nodes[0];
        var u = nodes.Select(t => (t - nodes[0]) / span).ToArray();
        var weights = new double[n];
        for (int k = 0; k < n; k++)
        {
            // The basis polynomial has degree n − 1 ≤ 3, which 2-point Gauss–Legendre integrates exactly.
            foreach (double x in GaussNodes)
            {
                double basis = 1;
                for (int j = 0; j < n; j++)
                {
                    if (j != k)
                        basis *= (x - u[j]) / (u[k] - u[j]);
                }
                weights[k] += 0.5 * basis;
            }
        }
        return weights;
    }
}
