namespace Flexiffusion.Diffusion.Pipeline.Internal;

/// <summary>
/// Counter-based use of SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014): value j of a key is the j-th output of SplitMix64 seeded with that key,
/// so any value can be computed without the ones before it. Integer arithmetic only, so identical everywhere.
/// </summary>
internal static class SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15;

    /// <summary>The SplitMix64 finaliser of <c>z + γ</c>, a bijective 64-bit mix.</summary>
    public static ulong Mix(ulong z)
    {
        z += Gamma;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>The key of one stream of one item: hashes (seed, stream, index) together.</summary>
    public static ulong Key(long seed, ulong stream, long index) => Mix(Mix(Mix((ulong)seed) ^ stream) ^ (ulong)index);

    /// <summary>Value <paramref name="counter"/> of the sequence of <paramref name="key"/>.</summary>
    public static ulong At(ulong key, ulong counter) => Mix(key + counter * Gamma);

    /// <summary>A uniform double in [0, 1) from the top 53 bits of <paramref name="bits"/> (exact: k · 2⁻⁵³).</summary>
    public static double ToUnitDouble(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));
}
