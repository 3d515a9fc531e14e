namespace Flexiffusion.Diffusion.Imaging;

/// <summary>
/// A loss curve as a PNG: every step's loss in light grey and a moving average in black, on a log
/// scale, step on the horizontal axis. No text is drawn; the CSV beside it has the numbers.
/// </summary>
public static class LossPlot
{
    /// <summary>Renders <paramref name="losses"/> (one per step) into a grayscale PNG.</summary>
    public static byte[] Render(IReadOnlyList<double> losses, int width = 800, int height = 400, int window = 50)
    {
        ArgumentNullException.ThrowIfNull(losses);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);
        var pixels = new byte[width * height];
        Array.Fill(pixels, (byte)255);
        const int margin = 8;
        for (int x = margin; x < width - margin; x++)
            pixels[(height - margin) * width + x] = 0;
        for (int y = margin; y <= height - margin; y++)
            pixels[y * width + margin] = 0;
        var finite = losses.Where(l => l > 0 && double.IsFinite(l)).ToList();
        if (finite.Count > 1)
        {
            double low = Math.Log(finite.Min()), high = Math.Log(finite.Max());
            double span = Math.Max(high - low, 1e-9);
            int X(int step) => margin + 1 + (int)((long)step * (width - 2 * margin - 2) / Math.Max(losses.Count - 1, 1));
            int Y(double loss) => height - margin - 1 - (int)((Math.Log(loss) - low) / span * (height - 2 * margin - 2));
            for (int i = 0; i < losses.Count; i++)
            {
                if (losses[i] > 0 && double.IsFinite(losses[i]))
                    pixels[Y(losses[i]) * width + X(i)] = 190;
            }
            double sum = 0;
            (int X, int Y)? last = null;
            for (int i = 0; i < losses.Count; i++)
            {
                sum += double.IsFinite(losses[i]) ? losses[i] : 0;
                if (i >= window)
                    sum -= double.IsFinite(losses[i - window]) ? losses[i - window] : 0;
                double mean = sum / Math.Min(i + 1, window);
                if (mean <= 0)
                    continue;
                var point = (X(i), Math.Clamp(Y(mean), margin, height - margin - 1));
                if (last is { } from)
                    Line(pixels, width, from, point);
                last = point;
            }
        }
        return PngEncoder.Encode(pixels, width, height, 1);
    }

    private static void Line(byte[] pixels, int width, (int X, int Y) a, (int X, int Y) b)
    {
        int dx = Math.Abs(b.X - a.X), dy = -Math.Abs(b.Y - a.Y);
        int sx = a.X < b.X ? 1 : -1, sy = a.Y < b.Y ? 1 : -1, error = dx + dy;
        var (x, y) = a;
        while (true)
        {
            pixels[y * width + x] = 0;
            if (x == b.X && y == b.Y)
                return;
            int e2 = 2 * error;
            if (e2 >= dy)
            {
                error += dy;
                x += sx;
            }
            if (e2 <= dx)
            {
                error += dx;
                y += sy;
            }
        }
    }
}
