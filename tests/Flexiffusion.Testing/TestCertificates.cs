using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Flexiffusion.Testing;

/// <summary>
/// A private CA made for one test, with a server certificate for <c>localhost</c> and <c>127.0.0.1</c>, one for
/// <see cref="ServerName"/> only, and a client certificate, all written as PEM files into a temporary directory (deleted on dispose). A second, unrelated CA stands
/// for "someone else's" certificates.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly DirectoryInfo _dir = System.IO.Directory.CreateTempSubdirectory("flexiffusion-certs-");

    public TestCertificates()
    {
        using var ca = CreateCa("Flexiffusion Test CA");
        using var stranger = CreateCa("Someone Else's CA");
        CaFile = Write("ca.pem", ca.ExportCertificatePem());
        StrangerCaFile = Write("stranger-ca.pem", stranger.ExportCertificatePem());
        (ServerCertFile, ServerKeyFile) = Issue(ca, "server", server: true);
        (NamedServerCertFile, NamedServerKeyFile) = Issue(ca, "named-server", server: true, dnsName: ServerName);
        (ClientCertFile, ClientKeyFile) = Issue(ca, "client", server: false);
        (StrangerClientCertFile, StrangerClientKeyFile) = Issue(stranger, "stranger-client", server: false);
    }

    /// <summary>The only name <see cref="NamedServerCertFile"/> is issued for (no IP address): a service reached by an address that is not its name.</summary>
    public const string ServerName = "evaluator.flexiffusion.internal";

    public string Directory => _dir.FullName;

    public string CaFile { get; }

    public string StrangerCaFile { get; }

    public string ServerCertFile { get; }

    public string ServerKeyFile { get; }

    public string NamedServerCertFile { get; }

    public string NamedServerKeyFile { get; }

    public string ClientCertFile { get; }

    public string ClientKeyFile { get; }

    public string StrangerClientCertFile { get; }

    public string StrangerClientKeyFile { get; }

    /// <summary>Writes <paramref name="content"/> to a file in the directory and returns its path.</summary>
    public string Write(string name, string content)
    {
        string path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));
    }

    private (string Cert, string Key) Issue(X509Certificate2 ca, string name, bool server, string? dnsName = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [server ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            if (dnsName is not null)
            {
                names.AddDnsName(dnsName);
            }
            else
            {
                names.AddDnsName("localhost");
                names.AddIpAddress(IPAddress.Loopback);
            }
            request.CertificateExtensions.Add(names.Build());
        }
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(ca, now.AddMinutes(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(8));
        return (Write($"{name}.pem", issued.ExportCertificatePem()), Write($"{name}-key.pem", key.ExportPkcs8PrivateKeyPem()));
    }
}
