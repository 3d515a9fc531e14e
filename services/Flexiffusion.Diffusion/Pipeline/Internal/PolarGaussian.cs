namespace Flexiffusion.Diffusion.Pipeline.Internal;

/// <summary>
/// Standard normal values by Marsaglia's polar method (Marsaglia and Bray, SIAM Review 6(3), 1964)
/// over a <see cref="SplitMix64"/> counter stream: only basic IEEE operations, Math.Sqrt and
/// <see cref="DeterministicMath.Log"/>, so the values are bit-identical on every machine.
/// </summary>
internal static class PolarGaussian
{
    /// <summary>Fills <paramref name="destination"/> with the first values of the Gaussian stream of <paramref name="key"/>.</summary>
    public static void Fill(ulong key, Span<float> destination)
    {
        ulong counter = 0;
        var i = 0;
        while (i < destination.Length)
        {
            var u = 2 * SplitMix64.ToUnitDouble(SplitMix64.At(key, counter++)) - 1;
            var v = 2 * SplitMix64.ToUnitDouble(SplitMix64.At(key, counter++)) - 1;
            var s = u * u + v * v;
            if (s >= 1 || s == 0)
                continue;
            var factor = Math.Sqrt(-2 * DeterministicMath.Log(s) / s);
            destination[i++] = (float)(u * factor);
            if (i < destination.Length)
                destination[i++] = (float)(v * factor);
        }
    }
}
