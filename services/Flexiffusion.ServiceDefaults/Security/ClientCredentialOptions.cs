namespace Flexiffusion.ServiceDefaults.Security;

/// <summary>How a client proves itself to a service and trusts it: a bearer token, a CA for the service's certificate, a client certificate.</summary>
public sealed class ClientCredentialOptions
{
    /// <summary>A file whose first token line is sent as <c>authorization: Bearer …</c>; preferred over <see cref="Token"/>.</summary>
    public string? TokenFile { get; set; }

    /// <summary>The bearer token itself (e.g. from an environment variable).</summary>
    public string? Token { get; set; }

    /// <summary>PEM file of the CA that issued the services' certificates (https addresses); empty trusts the system's roots.</summary>
    public string? CaFile { get; set; }

    /// <summary>The name the service's certificate must be issued for, when the address is not that name (e.g. pod IPs from DNS); empty uses the address's host.</summary>
    public string? ServerName { get; set; }

    /// <summary>A client certificate, for services that require mutual TLS.</summary>
    public CertificateOptions Certificate { get; set; } = new();

    /// <summary>The token to send, or null: <see cref="TokenFile"/>'s first token, else <see cref="Token"/>.</summary>
    public string? ResolveToken() =>
        !string.IsNullOrWhiteSpace(TokenFile) ? TokenSet.ReadFile(TokenFile) is [var first, ..] ? first : null
        : string.IsNullOrWhiteSpace(Token) ? null : Token.Trim();

    /// <summary>What is wrong with the settings, each message starting with <paramref name="prefix"/>; never a secret.</summary>
    public IEnumerable<string> Check(string prefix)
    {
        if (!string.IsNullOrWhiteSpace(TokenFile))
        {
            if (!File.Exists(TokenFile))
                yield return $"{prefix}:{nameof(TokenFile)}: no such file '{TokenFile}'";
            else if (TokenSet.ReadFile(TokenFile).Count == 0)
                yield return $"{prefix}:{nameof(TokenFile)}: '{TokenFile}' holds no token";
        }
        if (!string.IsNullOrWhiteSpace(CaFile) && !CertificateTrust.CanLoadCaFile(CaFile))
            yield return $"{prefix}:{nameof(CaFile)}: cannot read a PEM certificate from '{CaFile}'";
        foreach (string error in Certificate.Check($"{prefix}:{nameof(Certificate)}"))
            yield return error;
    }
}
