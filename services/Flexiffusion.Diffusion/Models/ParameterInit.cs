using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Models;

/// <summary>
/// PyTorch's default initialisation, drawn from an explicit generator: weights and biases of
/// convolutions and linear layers uniform in ±1/√fan_in (kaiming_uniform with a = √5), GroupNorm
/// 1 and 0. TorchSharp's constructors draw from the process-wide generator, which any other thread
/// may draw from at the same time; a network built through this is the same whatever runs beside it.
/// </summary>
public static class ParameterInit
{
    /// <summary>Re-initialises every parameter of <paramref name="module"/> from <paramref name="seed"/>, in module order.</summary>
    public static void Reset(nn.Module module, long seed)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var generator = new Generator(unchecked((ulong)seed));
        using var noGrad = no_grad();
        // TorchSharp's named_modules() leaves out the module itself (PyTorch's includes it).
        foreach (var child in module.named_modules().Select(m => m.module).Prepend(module))
        {
            switch (child)
            {
                case Conv2d conv:
                    Uniform(conv.weight!, conv.bias, generator);
                    break;
                case Linear linear:
                    Uniform(linear.weight!, linear.bias, generator);
                    break;
                case GroupNorm norm:
                    Norms.Initialize(norm);
                    break;
            }
        }
    }

    private static void Uniform(Tensor weight, Tensor? bias, Generator generator)
    {
        long fanIn = weight.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        double bound = 1 / Math.Sqrt(fanIn);
        // Tensor.uniform_ honours the generator; TorchSharp 0.107's nn.init.uniform_ ignores it (ParameterInitTests).
        weight.uniform_(-bound, bound, generator);
        bias?.uniform_(-bound, bound, generator);
    }
}
