using Flexiffusion.Diffusion.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Tests.Imaging;

public sealed class ImageGridTests
{
    private static Tensor Row(params float[] values) => tensor(values, [1, 1, 1, values.Length]);

    [Fact]
    public void ToPng_MinusOneZeroOne_MapsTo0_128_255()
    {
        using var images = Row(-1f, 0f, 1f);

        var (w, h, c, pixels) = PngTestReader.Pixels(ImageGrid.ToPng(images, padding: 0));

        Assert.Equal((3, 1, 1), (w, h, c));
        Assert.Equal([0, 128, 255], pixels);
    }

    [Fact]
    public void ToPng_OutOfRangeAndNaN_AreClamped()
    {
        using var images = Row(-3f, 2f, float.NaN, float.PositiveInfinity, float.NegativeInfinity);

        var pixels = PngTestReader.Pixels(ImageGrid.ToPng(images, padding: 0)).Pixels;

        Assert.Equal([0, 255, 0, 255, 0], pixels);
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.4, 0)]
    [InlineData(-0.4, 0)]
    [InlineData(0.6, 1)]
    public void ToPng_EveryLevelPlusOffset_RoundsToNearest(double offset, int shift)
    {
        var values = Enumerable.Range(0, 256).Select(k => (float)(2 * (k + offset) / 255 - 1)).ToArray();
        using var images = Row(values);

        var pixels = PngTestReader.Pixels(ImageGrid.ToPng(images, padding: 0)).Pixels;

        Assert.Equal(Enumerable.Range(0, 256).Select(k => (byte)Math.Clamp(k + shift, 0, 255)), pixels);
    }

    [Theory]
    [InlineData(5, null, 2, 3, 2)]
    [InlineData(5, 2, 2, 2, 3)]
    [InlineData(4, null, 0, 2, 2)]
    [InlineData(3, 10, 1, 3, 1)]
    public void ToPng_Grid_HasColumnsTimesTilePlusPaddingSize(int n, int? columns, int padding, int cols, int rows)
    {
        using var images = zeros(n, 3, 4, 6);

        var (w, h, c, _) = PngTestReader.Pixels(ImageGrid.ToPng(images, columns, padding));

        Assert.Equal((cols * (6 + padding) + padding, rows * (4 + padding) + padding, 3), (w, h, c));
    }

    [Fact]
    public void ToPng_Rgb_PlacesTilesRowByRowWithBlackPadding()
    {
        using var images = stack([full(3, 2, 3, 1f), full(3, 2, 3, -0.5f), full(3, 2, 3, 0f)]);
        using (var green = images.select(1, 1))
            green.fill_(-1f);
        using (var blue = images.select(1, 2))
            blue.fill_(1f);

        var (w, h, c, pixels) = PngTestReader.Pixels(ImageGrid.ToPng(images, columns: 2, padding: 1));

        Assert.Equal((2 * 4 + 1, 2 * 3 + 1, 3), (w, h, c));
        byte[] Pixel(int x, int y) => pixels.AsSpan((y * w + x) * 3, 3).ToArray();
        Assert.Equal([255, 0, 255], Pixel(1, 1));
        Assert.Equal([255, 0, 255], Pixel(3, 2));
        Assert.Equal([64, 0, 255], Pixel(5, 1));
        Assert.Equal([128, 0, 255], Pixel(1, 4));
        Assert.Equal([0, 0, 0], Pixel(4, 1));
        Assert.Equal([0, 0, 0], Pixel(0, 0));
        Assert.Equal([0, 0, 0], Pixel(6, 5));
    }

    [Fact]
    public void ToPng_NonContiguousDoubleInput_MatchesContiguousFloat()
    {
        using var source = linspace(-1, 1, 2 * 5 * 7).reshape(2, 1, 5, 7);
        using var transposed = source.to_type(ScalarType.Float64).transpose(2, 3).contiguous().transpose(2, 3);

        Assert.False(transposed.is_contiguous());
        Assert.Equal(ImageGrid.ToPng(source), ImageGrid.ToPng(transposed));
    }

    [Fact]
    public void ToPng_InsideScope_LeavesNoTensorBehind()
    {
        using var scope = NewDisposeScope();
        var images = rand(4, 1, 8, 8) * 2 - 1;
        var before = scope.DisposablesCount;
        var liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        ImageGrid.ToPng(images);

        Assert.Equal(before, scope.DisposablesCount);
        Assert.Equal(liveBefore, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Save_Path_WritesToPngBytes()
    {
        using var images = rand(3, 1, 4, 4);
        var path = Path.Combine(Path.GetTempPath(), $"image-grid-{Guid.NewGuid():N}.png");
        try
        {
            ImageGrid.Save(images, path, columns: 3);

            Assert.Equal(ImageGrid.ToPng(images, columns: 3), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<long[], ScalarType, int?, int> BadArguments => new()
    {
        { [1, 4, 4], ScalarType.Float32, null, 2 },
        { [1, 2, 4, 4], ScalarType.Float32, null, 2 },
        { [0, 1, 4, 4], ScalarType.Float32, null, 2 },
        { [1, 1, 4, 4], ScalarType.Int32, null, 2 },
        { [1, 1, 4, 4], ScalarType.Float32, 0, 2 },
        { [1, 1, 4, 4], ScalarType.Float32, null, -1 },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void ToPng_BadArguments_ThrowsArgumentException(long[] shape, ScalarType dtype, int? columns, int padding)
    {
        using var images = zeros(shape, dtype);

        Assert.Throws<ArgumentException>(() => ImageGrid.ToPng(images, columns, padding));
    }
}
