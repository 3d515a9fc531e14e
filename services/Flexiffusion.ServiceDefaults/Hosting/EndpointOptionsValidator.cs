using System.Net;
using Flexiffusion.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace Flexiffusion.ServiceDefaults.Hosting;

/// <summary>
/// Checks <see cref="EndpointOptions"/> at start-up, and refuses a non-loopback address without authentication; every
/// message names the setting and none carries a secret.
/// </summary>
internal sealed class EndpointOptionsValidator(IOptions<AuthOptions> auth) : IValidateOptions<EndpointOptions>
{
    private const string S = EndpointOptions.Section;

    public ValidateOptionsResult Validate(string? name, EndpointOptions options)
    {
        var errors = new List<string>();
        if (!IPAddress.TryParse(options.Address, out _))
            errors.Add($"{S}:{nameof(options.Address)}: '{options.Address}' is not an IP address");
        if (options.GrpcPort is < 0 or > 65535)
            errors.Add($"{S}:{nameof(options.GrpcPort)}: {options.GrpcPort} is not a port");
        if (options.MetricsPort is < -1 or > 65535)
            errors.Add($"{S}:{nameof(options.MetricsPort)}: {options.MetricsPort} is not a port (−1 disables metrics)");
        if (options.MaxMessageBytes is < 1024 or > 64 << 20)
            errors.Add($"{S}:{nameof(options.MaxMessageBytes)}: {options.MaxMessageBytes} is outside 1024 … {64 << 20} bytes");
        errors.AddRange(options.Certificate.Check($"{S}:{nameof(options.Certificate)}"));
        if (!options.RequiresClientCertificate && !string.Equals(options.ClientCertificate, EndpointOptions.ClientCertificateNone, StringComparison.OrdinalIgnoreCase))
            errors.Add($"{S}:{nameof(options.ClientCertificate)}: '{options.ClientCertificate}' is not none or require");
        if (options.RequiresClientCertificate)
        {
            if (!options.Certificate.IsConfigured)
                errors.Add($"{S}:{nameof(options.ClientCertificate)}: require needs TLS: set {S}:Certificate:Path");
            if (string.IsNullOrWhiteSpace(options.ClientCaFile))
                errors.Add($"{S}:{nameof(options.ClientCaFile)}: required with {S}:{nameof(options.ClientCertificate)}=require (the CA that issues client certificates)");
            else if (!CertificateTrust.CanLoadCaFile(options.ClientCaFile))
                errors.Add($"{S}:{nameof(options.ClientCaFile)}: cannot read a PEM certificate from '{options.ClientCaFile}'");
        }
        if (errors.Count == 0 && !options.IsLoopback && !options.AllowInsecure && !IsAuthenticated(auth.Value, options))
        {
            errors.Add($"{S}:{nameof(options.Address)}: {options.Address} is not a loopback address and no authentication is configured: " +
                $"set {AuthOptions.Section}:TokenFile (or {AuthOptions.Section}:Tokens:0, or {S}:ClientCertificate=require), " +
                $"or accept serving without authentication with {S}:{nameof(options.AllowInsecure)}=true (serve --insecure)");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Whether callers must prove who they are: tokens configured, or client certificates required.</summary>
    public static bool IsAuthenticated(AuthOptions auth, EndpointOptions endpoints) =>
        !string.IsNullOrWhiteSpace(auth.TokenFile) || auth.Tokens.Any(t => !string.IsNullOrWhiteSpace(t)) || endpoints.RequiresClientCertificate;
}
