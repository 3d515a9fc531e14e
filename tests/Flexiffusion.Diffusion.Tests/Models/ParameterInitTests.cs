using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Tests.TestSupport;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Tests.Models;

public class ParameterInitTests
{
    [Fact]
    public async Task UNet_SameSeedWhileAnotherThreadDrawsFromTheGlobalGenerator_HasIdenticalWeights()
    {
        using var reference = new UNet(TinyConfigs.WithAttention, 7);
        using var stop = new CancellationTokenSource();
        var drawing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var noise = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                drawing.TrySetResult();
                manual_seed(Environment.TickCount);
                using var _ = randn(64);
            }
        });

        await drawing.Task;
        var rebuilt = Enumerable.Range(0, 5).Select(_ => new UNet(TinyConfigs.WithAttention, 7)).ToList();
        await stop.CancelAsync();
        await noise;

        foreach (var model in rebuilt)
        {
            Assert.True(reference.parameters().Zip(model.parameters()).All(p => TensorEquality.Identical(p.First, p.Second)));
            model.Dispose();
        }
    }

    [Fact]
    public void UNet_DifferentSeeds_DifferInEveryConvolution()
    {
        using var a = new UNet(TinyConfigs.Minimal, 1);
        using var b = new UNet(TinyConfigs.Minimal, 2);

        var weights = a.named_parameters().Zip(b.named_parameters()).Where(p => p.First.name.EndsWith("weight", StringComparison.Ordinal) && p.First.parameter.dim() > 1).ToList();

        Assert.NotEmpty(weights);
        Assert.All(weights, p => Assert.False(TensorEquality.Identical(p.First.parameter, p.Second.parameter), p.First.name));
    }

    [Fact]
    public void Reset_Convolution_DrawsUniformWithinOneOverSqrtFanIn()
    {
        using var conv = nn.Conv2d(16, 32, 3);
        using (no_grad())
        {
            conv.weight!.fill_(5f);
            conv.bias!.fill_(5f);
        }

        ParameterInit.Reset(conv, 3);

        double bound = 1 / Math.Sqrt(16 * 3 * 3);
        Assert.True(conv.weight!.abs().max().item<float>() <= bound);
        Assert.True(conv.weight.abs().max().item<float>() > 0.9 * bound);
        Assert.InRange(conv.weight.std().item<float>(), 0.9 * bound / Math.Sqrt(3), 1.1 * bound / Math.Sqrt(3));
        Assert.True(conv.bias!.abs().max().item<float>() <= bound);
    }

    [Fact]
    public void Reset_GroupNorm_IsOneAndZero()
    {
        using var norm = nn.GroupNorm(2, 4);
        using (no_grad())
        {
            norm.weight!.fill_(float.NaN);
            norm.bias!.fill_(1e14f);
        }

        ParameterInit.Reset(norm, 0);

        Assert.Equal(4, norm.weight!.eq(1f).sum().item<long>());
        Assert.Equal(4, norm.bias!.eq(0f).sum().item<long>());
    }
}
