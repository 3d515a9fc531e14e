using Flexiffusion.Diffusion.Data;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Metrics.Features;
using Flexiffusion.Identity;

namespace Flexiffusion.Metrics.Evaluation;

/// <summary>
/// Features of the real training digits, the reference of FID against data; computed once per
/// identity (data package, split seed, extractor checksum, input transform) and cached.
/// </summary>
public static class RealDataReference
{
    /// <summary>The identity of the reference: what the real features depend on.</summary>
    public static string Identity(MnistSplit split, IFeatureExtractor extractor) =>
        $"data={MnistArchive.Package};split-seed={split.Seed};subset=train({split.Train.Count});extractor={extractor.Checksum};transform=pad32-pm1";

    /// <summary>The training digits' features: from the cache, else computed and stored.</summary>
    public static async Task<FeatureSet> FeaturesAsync(MnistDataset data, MnistSplit split, IFeatureExtractor extractor,
        IBlobCache cache, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(cache);
        string key = StoreKeys.ReferenceStatistics(Identity(split, extractor));
        if (await cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } bytes)
        {
            try
            {
                return FeatureSet.FromBytes(bytes);
            }
            catch (InvalidDataException)
            {
                // A corrupt entry is recomputed below and overwritten.
            }
        }
        using var images = data.Images(split.Train);
        using var features = extractor.Extract(images);
        var set = FeatureSet.FromTensor(features);
        await cache.SetAsync(key, set.ToBytes(), cancellationToken).ConfigureAwait(false);
        return set;
    }
}
