using Flexiffusion.ServiceDefaults.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flexiffusion.ServiceDefaults.Security;

/// <summary>Loads the TLS material and logs at start how the service authenticates callers and protects its transport, and warns where that is weak; never a secret.</summary>
internal sealed class SecurityReport(TokenSet tokens, ServerTls tls, IOptions<EndpointOptions> endpoints, ILogger<SecurityReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = endpoints.Value;
        tls.Preload(options);
        var authentication = new List<string>();
        if (tokens.IsEnabled)
            authentication.Add($"bearer tokens ({tokens.Count} accepted)");
        if (options.RequiresClientCertificate)
            authentication.Add("client certificates (mutual TLS)");
        string transport = options.Certificate.IsConfigured ? "TLS" : "cleartext (h2c)";
        SecurityLog.Summary(logger, authentication.Count == 0 ? "no authentication" : string.Join(" and ", authentication), transport, options.Address);
        if (!options.IsLoopback && !options.Certificate.IsConfigured && tokens.IsEnabled)
            SecurityLog.CleartextTokens(logger, options.Address);
        if (!options.IsLoopback && !EndpointOptionsValidator.IsAuthenticated(new AuthOptions(), options) && !tokens.IsEnabled)
            SecurityLog.Insecure(logger, options.Address);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
