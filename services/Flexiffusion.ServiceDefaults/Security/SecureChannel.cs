using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;

namespace Flexiffusion.ServiceDefaults.Security;

/// <summary>
/// gRPC channels that carry <see cref="ClientCredentialOptions"/>: the token as call credentials on every call, the
/// service's certificate checked against the CA file (and <see cref="ClientCredentialOptions.ServerName"/>), and a
/// client certificate for mutual TLS. Without any of them the channel is the plain <see cref="GrpcChannel.ForAddress(string, GrpcChannelOptions)"/>.
/// </summary>
public static class SecureChannel
{
    /// <summary>A channel to <paramref name="address"/> (http or https) with <paramref name="credentials"/> applied to <paramref name="options"/>.</summary>
    /// <exception cref="IOException">A configured file cannot be read.</exception>
    public static GrpcChannel Create(string address, ClientCredentialOptions credentials, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(credentials);
        options ??= new GrpcChannelOptions();
        var uri = new Uri(address);
        bool tls = uri.Scheme == Uri.UriSchemeHttps;
        if (tls && (!string.IsNullOrWhiteSpace(credentials.CaFile) || !string.IsNullOrWhiteSpace(credentials.ServerName) || credentials.Certificate.IsConfigured))
        {
            options.HttpHandler = Handler(uri, credentials);
            options.DisposeHttpClient = true;
        }
        if (credentials.ResolveToken() is { } token)
        {
            string header = "Bearer " + token;
            var call = CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", header);
                return Task.CompletedTask;
            });
            options.Credentials = ChannelCredentials.Create(tls ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure, call);
            // On a cleartext channel (loopback, or a network the operator declared trusted) the token is still sent.
            options.UnsafeUseInsecureChannelCallCredentials = !tls;
        }
        return GrpcChannel.ForAddress(uri, options);
    }

    private static SocketsHttpHandler Handler(Uri uri, ClientCredentialOptions credentials)
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        var roots = string.IsNullOrWhiteSpace(credentials.CaFile) ? null : CertificateTrust.LoadCaFile(credentials.CaFile);
        string hostName = string.IsNullOrWhiteSpace(credentials.ServerName) ? uri.IdnHost : credentials.ServerName.Trim();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null)
                return false;
            if (roots is null)
            {
                // The system's roots, with the expected name instead of the address's.
                using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None && presented.MatchesHostname(hostName);
            }
            using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return CertificateTrust.IsTrusted(copy, roots, hostName);
        };
        if (credentials.Certificate.IsConfigured)
            handler.SslOptions.ClientCertificates = [credentials.Certificate.Load()];
        return handler;
    }
}
