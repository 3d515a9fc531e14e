namespace Flexiffusion.Metrics.Caching;

/// <summary>
/// A key–value store of byte blobs for cached evaluation results (teacher features, reference
/// statistics). In-memory and on-disk here; the services add Redis. Keys come from
/// <c>Flexiffusion.Identity.StoreKeys</c> and carry the full identity of what they hold.
/// </summary>
public interface IBlobCache
{
    /// <summary>The blob under <paramref name="key"/>, or null when absent.</summary>
    ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>.</summary>
    ValueTask SetAsync(string key, byte[] value, CancellationToken cancellationToken = default);
}
