using Flexiffusion.Metrics.Features;
using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Tests.Features;

public class FeatureSetTests
{
    [Fact]
    public void Bytes_RoundTripExactly()
    {
        manual_seed(5);
        using var values = randn(6, 4);
        var set = FeatureSet.FromTensor(values);

        var back = FeatureSet.FromBytes(set.ToBytes());

        using var restored = back.ToTensor();
        Assert.True(restored.eq(values).all().item<bool>());
        Assert.Equal((6, 4), (back.Count, back.Dimension));
    }

    [Fact]
    public void FromBytes_CorruptOrForeign_Throws()
    {
        var bytes = FeatureSet.FromTensor(ones(3, 2)).ToBytes();
        bytes[20] ^= 1;

        Assert.Throws<InvalidDataException>(() => FeatureSet.FromBytes(bytes));
        Assert.Throws<InvalidDataException>(() => FeatureSet.FromBytes([1, 2, 3]));
    }
}
