namespace Flexiffusion.ServiceDefaults.Redis;

/// <summary>Every Redis key the services use, under one versioned prefix (the same as the metrics caches').</summary>
public static class RedisKeys
{
    /// <summary>The prefix; bump the version when a stored format changes.</summary>
    public const string Prefix = "flexiffusion:v1:";

    /// <summary>A key from its parts, joined by colons under the prefix.</summary>
    public static string For(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0 || parts.Any(string.IsNullOrEmpty))
            throw new ArgumentException("a key needs non-empty parts", nameof(parts));
        return Prefix + string.Join(':', parts);
    }
}
