using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Models;

/// <summary>
/// DeepCache's <c>F_cache</c>: per branch, the main-branch feature that entered the up block
/// consuming that branch's skip during the last full step. Owns its tensors (outside any dispose
/// scope) and frees them on refill and on dispose.
/// </summary>
public sealed class FeatureCache : IDisposable
{
    private readonly Dictionary<int, Tensor> _features = [];

    /// <summary>The branches currently cached.</summary>
    public IReadOnlyCollection<int> Branches => _features.Keys;

    /// <summary>Drops every cached feature (a full step starts afresh).</summary>
    public void Clear()
    {
        foreach (var feature in _features.Values)
            feature.Dispose();
        _features.Clear();
    }

    /// <summary>Stores a detached copy of <paramref name="feature"/> for <paramref name="branch"/>.</summary>
    public void Store(int branch, Tensor feature)
    {
        if (_features.Remove(branch, out var old))
            old.Dispose();
        _features[branch] = feature.detach().DetachFromDisposeScope();
    }

    /// <summary>The feature cached for <paramref name="branch"/>.</summary>
    /// <exception cref="InvalidOperationException">No full step has filled that branch.</exception>
    public Tensor Get(int branch) => _features.TryGetValue(branch, out var feature)
        ? feature
        : throw new InvalidOperationException($"partial step at branch {branch} with no cached feature: the preceding full step did not fill that branch");

    /// <inheritdoc />
    public void Dispose() => Clear();
}
