using System.Net;
using Flexiffusion.ServiceDefaults.Security;

namespace Flexiffusion.ServiceDefaults.Hosting;

/// <summary>
/// Where and how a service listens: gRPC over HTTP/2 (cleartext h2c, or TLS with a certificate), and Prometheus metrics
/// over HTTP/1.1. Section <c>Endpoints</c>. A non-loopback address needs authentication (<c>Auth</c> tokens or required
/// client certificates) unless <see cref="AllowInsecure"/> is set.
/// </summary>
public sealed class EndpointOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Endpoints";

    /// <summary><see cref="ClientCertificate"/>: no client certificate is asked for.</summary>
    public const string ClientCertificateNone = "none";

    /// <summary><see cref="ClientCertificate"/>: mutual TLS, a client certificate issued by <see cref="ClientCaFile"/> is required.</summary>
    public const string ClientCertificateRequire = "require";

    /// <summary>Address to bind. Default 127.0.0.1 (loopback); 0.0.0.0 in containers.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>gRPC port; 0 picks a free port.</summary>
    public int GrpcPort { get; set; }

    /// <summary>Prometheus <c>/metrics</c> port; 0 picks a free port, −1 disables the endpoint.</summary>
    public int MetricsPort { get; set; } = -1;

    /// <summary>The largest request message a gRPC method accepts; a larger one is refused with RESOURCE_EXHAUSTED. Default 1 MiB (a search or a candidate is a few KiB).</summary>
    public int MaxMessageBytes { get; set; } = 1 << 20;

    /// <summary>Serve on a non-loopback address without authentication (anyone who reaches the port may call everything). Default false.</summary>
    public bool AllowInsecure { get; set; }

    /// <summary>The server certificate; when set, gRPC (and metrics) are served over TLS (h2 negotiated by ALPN).</summary>
    public CertificateOptions Certificate { get; set; } = new();

    /// <summary><c>none</c> (default) or <c>require</c>: mutual TLS, refusing clients without a certificate issued by <see cref="ClientCaFile"/>.</summary>
    public string ClientCertificate { get; set; } = ClientCertificateNone;

    /// <summary>PEM file of the CA whose client certificates are accepted (with <see cref="ClientCertificate"/> = require).</summary>
    public string? ClientCaFile { get; set; }

    /// <summary>Whether mutual TLS is required.</summary>
    public bool RequiresClientCertificate => string.Equals(ClientCertificate, ClientCertificateRequire, StringComparison.OrdinalIgnoreCase);

    /// <summary>The address to bind, parsed (valid once the options passed validation).</summary>
    public IPAddress ParsedAddress => IPAddress.Parse(Address);

    /// <summary>Whether <see cref="Address"/> is a loopback address (127.0.0.0/8 or ::1).</summary>
    public bool IsLoopback => IPAddress.TryParse(Address, out var address) && IPAddress.IsLoopback(address);
}
