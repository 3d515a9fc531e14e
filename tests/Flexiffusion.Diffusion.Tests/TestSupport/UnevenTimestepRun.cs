using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Diffusion.Schedules;
using Flexiffusion.Plans;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Tests.TestSupport;

/// <summary>
/// The run that Fixtures/sampler_reference.py computes in float64: two 1×2×2 images from a fixed
/// x_T over the uneven timesteps 999, 870, 600, 420, 150, 37, 0 (then the clean sample), the linear
/// schedule, and <see cref="GaussianData"/>'s closed-form noise predictor ε(x, t). Multistep samplers
/// then use every order they have, with weights that depend on the actual step sizes.
/// </summary>
internal static class UnevenTimestepRun
{
    public static readonly int[] Timesteps = [999, 870, 600, 420, 150, 37, 0];

    public static readonly float[] Initial = [0.8f, -1.2f, 0.3f, 1.5f, -0.4f, 0.9f, -2.0f, 0.1f];

    /// <summary>
    /// Relative tolerance: float32 arithmetic against a float64 reference. The samplers' largest error
    /// is 5.6e-6 (PLMS at t = 420, after an order-4 combination with weights up to 3.4 in size; a numpy
    /// float32 emulation of the same operations gives the same 5.6e-6, the same operations in float64
    /// 2e-14). On the second step already, a first-order scheme is off by 1.8e-3 (DPM-Solver++) and
    /// 2.2e-3 (PLMS), PNDM's even-grid weights by 1.2e-3 and DPM-Solver++ with r = 1 by 6.9e-4, 23×
    /// this tolerance, and by 1e-2 to 0.4 later (sampler_reference.py prints these).
    /// </summary>
    public const double Tolerance = 3e-5;

    /// <summary>x after each step, both images flattened.</summary>
    public static double[][] Trajectory(ISampler sampler)
    {
        var schedule = NoiseSchedule.Linear();
        var predictor = new GaussianData(schedule);
        using var run = sampler.Start(schedule);
        using var cache = new FeatureCache();
        var x = tensor(Initial).reshape(2, 1, 2, 2);
        var trajectory = new List<double[]>();
        try
        {
            for (int i = 0; i < Timesteps.Length; i++)
            {
                using var scope = NewDisposeScope();
                int next = i + 1 < Timesteps.Length ? Timesteps[i + 1] : -1;
                var epsilon = predictor.Predict(x, full([2], Timesteps[i], ScalarType.Int64), PlanStep.Full, cache, []);
                var previous = run.Step(x, epsilon, Timesteps[i], next, null).Previous.DetachFromDisposeScope();
                x.Dispose();
                x = previous;
                trajectory.Add([.. x.data<float>().Select(v => (double)v)]);
            }
            return [.. trajectory];
        }
        finally
        {
            x.Dispose();
        }
    }

    /// <summary>Every step's x within <see cref="Tolerance"/> of the reference, relative to that step's largest value.</summary>
    public static void AssertMatches(double[][] expected, double[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int step = 0; step < expected.Length; step++)
        {
            double scale = expected[step].Max(Math.Abs);
            for (int j = 0; j < expected[step].Length; j++)
            {
                double error = Math.Abs(actual[step][j] - expected[step][j]);
                Assert.True(error <= Tolerance * scale,
                    $"step {step} (t = {Timesteps[step]}), value {j}: expected {expected[step][j]:R}, got {actual[step][j]:R} (relative error {error / scale:E1})");
            }
        }
    }
}
