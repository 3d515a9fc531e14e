using System.Security.Cryptography;
using System.Text;

namespace Flexiffusion.Metrics.Caching;

/// <summary>Every cache key, under one versioned prefix; an identity is hashed so that keys stay short.</summary>
public static class CacheKeys
{
    /// <summary>The prefix of every key; bump the version when a cached format changes.</summary>
    public const string Prefix = "flexiffusion:v1:";

    /// <summary>The key of the teacher's features for an evaluation identity.</summary>
    public static string TeacherFeatures(string identity) => Prefix + "teacher-features:" + Hash(identity);

    /// <summary>The key of real-data reference statistics for a data identity.</summary>
    public static string ReferenceStatistics(string identity) => Prefix + "reference-stats:" + Hash(identity);

    /// <summary>SHA-256 of a canonical identity string, in hex.</summary>
    public static string Hash(string identity) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
}
