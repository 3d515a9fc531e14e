namespace Flexiffusion.Identity;

/// <summary>
/// The one key scheme of every cache and store (Redis, disk, memory): a versioned prefix, a kind, then the parts. An
/// evaluation identity appears in a key only as its <see cref="EvaluationIdentity.Hash"/>.
/// </summary>
public static class StoreKeys
{
    /// <summary>The prefix of every key; bump the version when a stored format changes.</summary>
    public const string Prefix = "flexiffusion:v1:";

    /// <summary>The teacher's features under an evaluation identity.</summary>
    public static string TeacherFeatures(EvaluationIdentity identity) => For("teacher-features", Checked(identity).Hash);

    /// <summary>The lock that lets one evaluator compute the teacher's features of an identity while the others wait.</summary>
    public static string TeacherLock(EvaluationIdentity identity) => For("lock", "teacher", Checked(identity).Hash);

    /// <summary>A candidate's score under an evaluation identity.</summary>
    public static string Candidate(EvaluationIdentity identity, string candidate) => For("candidate", Checked(identity).Hash, candidate);

    /// <summary>Real-data reference statistics under a data identity (data package, split, extractor, transform).</summary>
    public static string ReferenceStatistics(string dataIdentity) => For("reference-stats", EvaluationIdentity.HashOf(dataIdentity));

    /// <summary>A search's record.</summary>
    public static string Search(string searchId) => For("search", searchId);

    /// <summary>The set of every search id.</summary>
    public static string SearchIndex => Prefix + "searches";

    /// <summary>The lease of a search: the id of the controller that runs it, expiring unless that controller renews it.</summary>
    public static string SearchLease(string searchId) => For("lease", searchId);

    private static EvaluationIdentity Checked(EvaluationIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return identity;
    }

    private static string For(params string[] parts)
    {
        if (parts.Any(string.IsNullOrEmpty))
            throw new ArgumentException("a key needs non-empty parts", nameof(parts));
        return Prefix + string.Join(':', parts);
    }
}
