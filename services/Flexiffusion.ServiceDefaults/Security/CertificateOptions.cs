using System.Security.Cryptography.X509Certificates;

namespace Flexiffusion.ServiceDefaults.Security;

/// <summary>A certificate with its private key: PEM files (certificate and key) or a PKCS#12 file (<c>.pfx</c>, <c>.p12</c>).</summary>
public sealed class CertificateOptions
{
    /// <summary>The certificate: a PEM file (the chain may follow it) or a <c>.pfx</c>/<c>.p12</c> file; empty for none.</summary>
    public string? Path { get; set; }

    /// <summary>The PEM private key; empty when the key is in <see cref="Path"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of an encrypted key or PKCS#12 file; prefer <see cref="PasswordFile"/>.</summary>
    public string? Password { get; set; }

    /// <summary>A file holding the password (its first line), e.g. a mounted secret.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>Whether a certificate is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Path);

    /// <summary>Loads the certificate and its key.</summary>
    /// <exception cref="IOException">A file cannot be read.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The files hold no usable certificate and key (or the password is wrong).</exception>
    public X509Certificate2 Load()
    {
        if (!IsConfigured)
            throw new InvalidOperationException("no certificate is configured");
        string path = Path!;
        string? password = PasswordFile is { Length: > 0 } file ? FirstLine(file) : Password;
        if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        string? key = string.IsNullOrWhiteSpace(KeyPath) ? null : KeyPath;
        return string.IsNullOrEmpty(password)
            ? X509Certificate2.CreateFromPemFile(path, key)
            : X509Certificate2.CreateFromEncryptedPemFile(path, password, key);
    }

    /// <summary>What is wrong with the settings (missing files, an unloadable certificate), each message starting with <paramref name="prefix"/>; never a secret.</summary>
    public IEnumerable<string> Check(string prefix)
    {
        if (!IsConfigured)
        {
            if (!string.IsNullOrWhiteSpace(KeyPath))
                yield return $"{prefix}:{nameof(KeyPath)}: is set but {prefix}:{nameof(Path)} is not";
            yield break;
        }
        foreach (var (name, file) in new[] { (nameof(Path), Path), (nameof(KeyPath), KeyPath), (nameof(PasswordFile), PasswordFile) })
        {
            if (!string.IsNullOrWhiteSpace(file) && !File.Exists(file))
            {
                yield return $"{prefix}:{name}: no such file '{file}'";
                yield break;
            }
        }
        string? error = null;
        try
        {
            using var certificate = Load();
            if (!certificate.HasPrivateKey)
                error = $"{prefix}:{nameof(Path)}: '{Path}' holds no private key (set {prefix}:{nameof(KeyPath)})";
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            // The loader's message names the problem (no PEM certificate, wrong password), never the password itself.
            error = $"{prefix}:{nameof(Path)}: cannot load a certificate and key from '{Path}': {FirstLineOf(e.Message)}";
        }
        if (error is not null)
            yield return error;
    }

    internal static string FirstLine(string path) => File.ReadLines(path).FirstOrDefault()?.Trim() ?? "";

    private static string FirstLineOf(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
