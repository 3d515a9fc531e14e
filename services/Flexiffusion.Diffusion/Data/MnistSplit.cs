using Flexiffusion.Diffusion.Pipeline.Internal;

namespace Flexiffusion.Diffusion.Data;

/// <summary>
/// The fixed split of the 10,000 npm digits (which the package sorts by digit): a seeded
/// Fisher–Yates shuffle with SplitMix64, then the first <see cref="TrainCount"/> for training and the
/// rest held out. The same seed gives the same split on every machine.
/// </summary>
public sealed class MnistSplit
{
    /// <summary>The seed of the shipped split.</summary>
    public const long DefaultSeed = 20261126;

    /// <summary>Digits used for training in the shipped split.</summary>
    public const int TrainCount = 9000;

    private MnistSplit(int[] train, int[] heldOut, long seed)
    {
        Train = train;
        HeldOut = heldOut;
        Seed = seed;
    }

    /// <summary>Indices of the training digits.</summary>
    public IReadOnlyList<int> Train { get; }

    /// <summary>Indices of the held-out digits.</summary>
    public IReadOnlyList<int> HeldOut { get; }

    /// <summary>The shuffle's seed.</summary>
    public long Seed { get; }

    /// <summary>Shuffles 0..count−1 with <paramref name="seed"/> and cuts after <paramref name="trainCount"/>.</summary>
    public static MnistSplit Create(int count, long seed = DefaultSeed, int trainCount = TrainCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(trainCount, count);
        int[] order = Shuffle(count, seed);
        return new MnistSplit(order[..trainCount], order[trainCount..], seed);
    }

    /// <summary>A seeded permutation of 0..count−1 (Fisher–Yates with SplitMix64).</summary>
    public static int[] Shuffle(int count, long seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        ulong key = SplitMix64.Key(seed, 0x5EED, count);
        for (int i = count - 1; i > 0; i--)
        {
            int j = (int)(SplitMix64.At(key, (ulong)i) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
