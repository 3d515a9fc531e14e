using Flexiffusion.Diffusion.Data;

namespace Flexiffusion.Diffusion.Tests.Data;

public class MnistDatasetTests
{
    [Fact]
    public void Images_PadToCentreAndMapToMinusOneOne()
    {
        var pixels = new ushort[28 * 28];
        pixels[0] = 1000;
        pixels[28 * 28 - 1] = 500;
        var data = new MnistDataset([5], pixels);

        using var images = data.Images([0]);

        Assert.Equal([1, 1, 32, 32], images.shape);
        Assert.Equal(1f, images[0, 0, 2, 2].item<float>());
        Assert.Equal(0f, images[0, 0, 29, 29].item<float>());
        Assert.Equal(-1f, images[0, 0, 0, 0].item<float>());
        Assert.Equal(-1f, images[0, 0, 31, 31].item<float>());
        Assert.Equal(5L, data.LabelTensor([0])[0].item<long>());
    }

    [Fact]
    public void Constructor_InconsistentSizesOrLabels_Throw()
    {
        Assert.Throws<ArgumentException>(() => new MnistDataset([1, 2], new ushort[28 * 28]));
        Assert.Throws<ArgumentException>(() => new MnistDataset([10], new ushort[28 * 28]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MnistDataset([1], new ushort[28 * 28]).Images([1]));
    }
}
