using System.CommandLine;
using Flexiffusion.ServiceDefaults.Security;

namespace Flexiffusion.Cli.Commands;

/// <summary>How <c>search --controller</c> reaches a protected controller: its bearer token, the CA of its certificate, a client certificate.</summary>
public sealed class ControllerAccessOptions
{
    /// <summary>The environment variable read for the token when no <c>--token-file</c> is given.</summary>
    public const string TokenVariable = "FLEXIFFUSION_TOKEN";

    /// <summary>File whose first line is the bearer token.</summary>
    public Option<string?> TokenFile { get; } = new("--token-file") { Description = $"File holding the controller's bearer token (default: the {TokenVariable} environment variable)" };

    /// <summary>PEM CA file for an https controller.</summary>
    public Option<string?> CaCert { get; } = new("--ca-cert") { Description = "PEM file of the CA that issued the controller's TLS certificate (https://)" };

    /// <summary>Client certificate for mutual TLS.</summary>
    public Option<string?> ClientCert { get; } = new("--client-cert") { Description = "Client certificate (PEM, with --client-key, or .pfx) for a controller that requires mutual TLS" };

    /// <summary>The PEM key of <see cref="ClientCert"/>.</summary>
    public Option<string?> ClientKey { get; } = new("--client-key") { Description = "The PEM private key of --client-cert" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(TokenFile);
        command.Options.Add(CaCert);
        command.Options.Add(ClientCert);
        command.Options.Add(ClientKey);
    }

    /// <summary>The credentials given; a named file that does not exist is a usage error.</summary>
    public ClientCredentialOptions Build(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var credentials = new ClientCredentialOptions
        {
            TokenFile = parse.GetValue(TokenFile),
            Token = parse.GetValue(TokenFile) is null ? Environment.GetEnvironmentVariable(TokenVariable) : null,
            CaFile = parse.GetValue(CaCert),
            Certificate = new CertificateOptions { Path = parse.GetValue(ClientCert), KeyPath = parse.GetValue(ClientKey) },
        };
        foreach (string error in credentials.Check(""))
        {
            string option = error switch
            {
                _ when error.StartsWith(":TokenFile", StringComparison.Ordinal) => "--token-file",
                _ when error.StartsWith(":CaFile", StringComparison.Ordinal) => "--ca-cert",
                _ when error.StartsWith(":Certificate:KeyPath", StringComparison.Ordinal) => "--client-key",
                _ => "--client-cert",
            };
            throw new UsageException($"{option}: {error[(error.IndexOf(": ", StringComparison.Ordinal) + 2)..]}");
        }
        return credentials;
    }
}
