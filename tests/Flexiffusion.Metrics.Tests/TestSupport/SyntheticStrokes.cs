using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Tests.TestSupport;

/// <summary>
/// Two easily separable image classes for training tests, [n, 1, 32, 32] in [−1, 1]: class 0 is a
/// horizontal bar, class 1 a vertical bar, each at a random position with Gaussian pixel noise.
/// </summary>
internal static class SyntheticStrokes
{
    public static (Tensor Images, Tensor Labels) Create(int count, int seed)
    {
        var random = new Random(seed);
        const int size = 32;
        var pixels = new float[count * size * size];
        var labels = new long[count];
        for (int n = 0; n < count; n++)
        {
            int label = n % 2;
            labels[n] = label;
            int line = random.Next(6, 26), start = random.Next(2, 10), length = random.Next(14, 21);
            for (int i = 0; i < size * size; i++)
                pixels[n * size * size + i] = -1f + (float)(0.3 * random.NextDouble());
            for (int k = start; k < start + length; k++)
            {
                for (int w = 0; w < 2; w++)
                {
                    int r = label == 0 ? line + w : k, c = label == 0 ? k : line + w;
                    pixels[(n * size + r) * size + c] = 1f;
                }
            }
        }
        return (tensor(pixels, [count, 1, size, size]), tensor(labels, [count]));
    }
}
