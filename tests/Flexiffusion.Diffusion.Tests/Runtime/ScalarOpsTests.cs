using Flexiffusion.Diffusion.Runtime;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Tests.Runtime;

public sealed class ScalarOpsTests
{
    private static double[] Values(Tensor t) => t.to(ScalarType.Float64).data<double>().ToArray();

    [Fact]
    public void Operations_SmallVector_MatchTheArithmetic()
    {
        using var x = tensor(new double[] { -2, 0.5, 3 });

        using var times = x.Times(1.5);
        using var over = x.Over(4);
        using var plus = x.Plus(-1);
        using var from = x.From(1);
        using var atLeast = x.AtLeast(0);
        using var power = x.Power(2);
        using var sum = x.Plus(x);
        using var difference = x.Minus(x.Times(2));

        Assert.Equal([-3, 0.75, 4.5], Values(times));
        Assert.Equal([-0.5, 0.125, 0.75], Values(over));
        Assert.Equal([-3, -0.5, 2], Values(plus));
        Assert.Equal([3, 0.5, -2], Values(from));
        Assert.Equal([0, 0.5, 3], Values(atLeast));
        Assert.Equal([4, 0.25, 9], Values(power));
        Assert.Equal([-4, 1, 6], Values(sum));
        Assert.Equal([2, -0.5, -3], Values(difference));
    }

    [Fact]
    public async Task Times_ManyCallsWhileTheCollectorRuns_EveryResultIsRight()
    {
        // The failure these helpers prevent: a number's temporary Scalar finalized during the native call.
        using var x = ones(64);
        using var stop = new CancellationTokenSource();
        var collector = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        try
        {
            for (int i = 0; i < 2000; i++)
            {
                using var y = x.Times(i).Plus(0.5).Minus(x).Plus(x).From(1);
                Assert.Equal(0.5 - i, y[0].item<float>());
            }
        }
        finally
        {
            stop.Cancel();
            await collector;
        }
    }
}
