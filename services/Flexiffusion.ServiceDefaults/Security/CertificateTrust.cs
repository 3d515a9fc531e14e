using System.Security.Cryptography.X509Certificates;

namespace Flexiffusion.ServiceDefaults.Security;

/// <summary>Validates a peer's certificate against a private certificate authority (a CA file) instead of the system's roots.</summary>
public static class CertificateTrust
{
    /// <summary>The certificates of a PEM file (one or more CA certificates).</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The file holds no certificate.</exception>
    public static X509Certificate2Collection LoadCaFile(string path)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(path);
        if (roots.Count == 0)
            throw new System.Security.Cryptography.CryptographicException($"'{path}' holds no PEM certificate");
        return roots;
    }

    /// <summary>Whether <see cref="LoadCaFile"/> succeeds for <paramref name="path"/>.</summary>
    public static bool CanLoadCaFile(string path)
    {
        try
        {
            foreach (var root in LoadCaFile(path))
                root.Dispose();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> chains to one of <paramref name="roots"/> (revocation is not checked: a
    /// private CA publishes no revocation list) and, when <paramref name="hostName"/> is given, is issued for that name.
    /// </summary>
    public static bool IsTrusted(X509Certificate2 certificate, X509Certificate2Collection roots, string? hostName)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(roots);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        bool trusted = chain.Build(certificate);
        foreach (var element in chain.ChainElements)
            element.Certificate.Dispose();
        return trusted && (hostName is null || certificate.MatchesHostname(hostName));
    }
}
