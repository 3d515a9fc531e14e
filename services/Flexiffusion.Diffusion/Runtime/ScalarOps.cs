using TorchSharp;

using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Runtime;

/// <summary>
/// Tensor-by-number arithmetic that keeps the number's native <see cref="TorchSharp.Scalar"/> alive for the whole
/// call. <c>tensor * 0.5</c> converts 0.5 into a temporary <c>Scalar</c> that nothing references once its handle
/// is read, so a garbage collection during the native call can finalize it and libtorch reads freed memory
/// ("Unknown scalar type", seen about once in a dozen test runs; dotnet/TorchSharp#1496). Hot paths use these
/// instead of the operators.
/// </summary>
public static class ScalarOps
{
    /// <summary>
    /// The alpha of every add and subtract here. TorchSharp's own overloads without one pass a temporary <c>Scalar</c> 1
    /// that is as exposed as any other (a stress test caught libtorch reading a freed alpha); a static one lives forever.
    /// </summary>
    private static readonly TorchSharp.Scalar One = 1.ToScalar();

    private static readonly TorchSharp.Scalar MinusOne = (-1).ToScalar();

    /// <summary><paramref name="tensor"/> · <paramref name="factor"/>.</summary>
    public static Tensor Times(this Tensor tensor, double factor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scalar = factor.ToScalar();
        return tensor.mul(scalar);
    }

    /// <summary><paramref name="tensor"/> / <paramref name="divisor"/>.</summary>
    public static Tensor Over(this Tensor tensor, double divisor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scalar = divisor.ToScalar();
        return tensor.div(scalar);
    }

    /// <summary><paramref name="tensor"/> + <paramref name="addend"/>.</summary>
    public static Tensor Plus(this Tensor tensor, double addend)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scalar = addend.ToScalar();
        return tensor.add(scalar, One);
    }

    /// <summary><paramref name="minuend"/> − <paramref name="tensor"/>.</summary>
    public static Tensor From(this Tensor tensor, double minuend)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scalar = minuend.ToScalar();
        using var negated = tensor.neg();
        return negated.add(scalar, One);
    }

    /// <summary><paramref name="tensor"/> + <paramref name="other"/>, elementwise (with broadcasting).</summary>
    public static Tensor Plus(this Tensor tensor, Tensor other)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.add(other, One);
    }

    /// <summary><paramref name="tensor"/> − <paramref name="other"/>, elementwise (with broadcasting).</summary>
    public static Tensor Minus(this Tensor tensor, Tensor other)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.add(other, MinusOne);
    }

    /// <summary>max(<paramref name="tensor"/>, <paramref name="minimum"/>) elementwise.</summary>
    public static Tensor AtLeast(this Tensor tensor, double minimum)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scalar = minimum.ToScalar();
        return tensor.clamp_min(scalar);
    }

    /// <summary><paramref name="tensor"/> raised to <paramref name="exponent"/>.</summary>
    public static Tensor Power(this Tensor tensor, double exponent)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scalar = exponent.ToScalar();
        return tensor.pow(scalar);
    }
}
