using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Tests.TestSupport;

/// <summary>Bit-for-bit tensor comparison.</summary>
internal static class TensorEquality
{
    public static bool Identical(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape) || a.dtype != b.dtype)
            return false;
        using var same = a.eq(b);
        using var all = same.all();
        return all.item<bool>();
    }
}
