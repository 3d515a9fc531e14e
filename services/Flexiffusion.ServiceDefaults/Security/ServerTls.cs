using System.Security.Cryptography.X509Certificates;
using Flexiffusion.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Flexiffusion.ServiceDefaults.Security;

/// <summary>
/// The server's TLS material for Kestrel: the certificate and the client CA of <see cref="EndpointOptions"/>, loaded at
/// the first handshake (after the options were validated at start; a changed certificate needs a restart).
/// </summary>
internal sealed class ServerTls : IDisposable
{
    private readonly Lazy<X509Certificate2> _certificate;
    private readonly Lazy<X509Certificate2Collection> _clientRoots;

    public ServerTls(IOptions<EndpointOptions> options)
    {
        _certificate = new Lazy<X509Certificate2>(() => options.Value.Certificate.Load());
        _clientRoots = new Lazy<X509Certificate2Collection>(() => CertificateTrust.LoadCaFile(options.Value.ClientCaFile!));
    }

    /// <summary>Loads what <paramref name="endpoints"/> configures now (at start, once validated) rather than at the first handshake.</summary>
    public void Preload(EndpointOptions endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Certificate.IsConfigured)
            _ = _certificate.Value;
        if (endpoints.RequiresClientCertificate)
            _ = _clientRoots.Value;
    }

    /// <summary>TLS for the gRPC endpoint: the certificate and, with mutual TLS, a required client certificate checked against the client CA.</summary>
    public void ConfigureGrpc(HttpsConnectionAdapterOptions https, bool requireClientCertificate)
    {
        ConfigureMetrics(https);
        if (requireClientCertificate)
        {
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.CheckCertificateRevocation = false;
            https.ClientCertificateValidation = (certificate, _, _) => CertificateTrust.IsTrusted(certificate, _clientRoots.Value, hostName: null);
        }
    }

    /// <summary>TLS for the metrics endpoint: the certificate, no client certificate (scrapers authenticate with the token).</summary>
    public void ConfigureMetrics(HttpsConnectionAdapterOptions https)
    {
        ArgumentNullException.ThrowIfNull(https);
        https.ServerCertificateSelector = (_, _) => _certificate.Value;
    }

    public void Dispose()
    {
        if (_certificate.IsValueCreated)
            _certificate.Value.Dispose();
        if (_clientRoots.IsValueCreated)
        {
            foreach (var root in _clientRoots.Value)
                root.Dispose();
        }
    }
}
