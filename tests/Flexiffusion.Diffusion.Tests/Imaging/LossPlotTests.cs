using Flexiffusion.Diffusion.Imaging;

namespace Flexiffusion.Diffusion.Tests.Imaging;

public class LossPlotTests
{
    [Fact]
    public void Render_DecreasingLoss_DrawsAFallingCurve()
    {
        var losses = Enumerable.Range(0, 500).Select(i => 1.0 / (1 + i)).ToArray();

        var (width, height, colourType, scanlines) = PngTestReader.Decode(LossPlot.Render(losses, 200, 100));

        Assert.Equal((200, 100, (byte)0), (width, height, colourType));
        int DarkestRow(int x) => Enumerable.Range(0, height).Where(y => scanlines[y * (width + 1) + 1 + x] == 0 && y < height - 8).DefaultIfEmpty(-1).Min();
        Assert.True(DarkestRow(20) < DarkestRow(180), "the curve should be higher on the left than on the right");
    }

    [Fact]
    public void Render_EmptyOrNonFinite_StillRendersAxes()
    {
        Assert.NotEmpty(LossPlot.Render([]));
        Assert.NotEmpty(LossPlot.Render([double.NaN, 0, -1, double.PositiveInfinity]));
    }
}
