using System.CommandLine;
using System.Globalization;
using Flexiffusion.Controller.Hosting;
using Flexiffusion.Evaluator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Flexiffusion.Cli.Commands;

/// <summary>
/// <c>flexiffusion serve controller|evaluator</c>: starts a service in this process. Options come from
/// the service's appsettings, then <c>FLEXIFFUSION_</c> environment variables, then these flags and any
/// <c>--Section:Key=value</c> given after them. Loopback by default; a non-loopback <c>--address</c> needs
/// <c>--token-file</c> (or <c>--Auth:Tokens:0=…</c>, or mutual TLS) unless <c>--insecure</c> is given.
/// </summary>
public static class ServeCommand
{
    /// <summary>Creates the command with its two subcommands.</summary>
    public static Command Create(CliContext context)
    {
        var serve = new Command("serve", "Start a Flexiffusion service: the search controller or an evaluator (gRPC over h2c, or TLS with --tls-cert)");
        serve.Subcommands.Add(Evaluator(context));
        serve.Subcommands.Add(Controller(context));
        return serve;
    }

    private static Command Evaluator(CliContext context)
    {
        var common = new CommonOptions(5101);
        var capacity = new Option<int?>("--capacity") { Description = "Candidates that may be outstanding per stream" };
        var command = new Command("evaluator", "Start an evaluator: scores candidate schedules (rFID) for controllers") { capacity };
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = common.HostArgs(parse);
            if (parse.GetValue(capacity) is { } c)
                args.Add($"--Evaluator:Capacity={c.ToString(CultureInfo.InvariantCulture)}");
            CliApp.WarnIfAllocatorMissing(context.Error);
            await using var app = EvaluatorHost.Build([.. args]);
            return await RunAsync(context, app, "evaluator", cancellationToken);
        });
        return command;
    }

    private static Command Controller(CliContext context)
    {
        var common = new CommonOptions(5100);
        var evaluators = new Option<string[]>("--evaluator") { Description = "An evaluator's address, e.g. http://127.0.0.1:5101 (repeatable)", AllowMultipleArgumentsPerToken = true };
        var dns = new Option<string?>("--evaluator-dns") { Description = "host:port whose DNS addresses are evaluators (e.g. a Kubernetes headless service)" };
        var evaluatorToken = new Option<string?>("--evaluator-token-file") { Description = "File whose token the controller sends to the evaluators (Controller:EvaluatorCredentials:TokenFile)" };
        var evaluatorCa = new Option<string?>("--evaluator-ca-cert") { Description = "PEM file of the CA that issued the evaluators' TLS certificates (Controller:EvaluatorCredentials:CaFile)" };
        var concurrent = new Option<int?>("--max-searches") { Description = "Searches that run at once (others wait)" };
        var command = new Command("controller", "Start the search controller: runs searches whose candidates evaluators score") { evaluators, dns, evaluatorToken, evaluatorCa, concurrent };
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = common.HostArgs(parse);
            var list = parse.GetValue(evaluators) ?? [];
            for (int i = 0; i < list.Length; i++)
                args.Add($"--Controller:Evaluators:{i.ToString(CultureInfo.InvariantCulture)}={list[i]}");
            if (parse.GetValue(dns) is { } name)
                args.Add($"--Controller:EvaluatorDns={name}");
            if (parse.GetValue(evaluatorToken) is { } tokenFile)
                args.Add($"--Controller:EvaluatorCredentials:TokenFile={tokenFile}");
            if (parse.GetValue(evaluatorCa) is { } ca)
                args.Add($"--Controller:EvaluatorCredentials:CaFile={ca}");
            if (parse.GetValue(concurrent) is { } max)
                args.Add($"--Controller:MaxConcurrentSearches={max.ToString(CultureInfo.InvariantCulture)}");
            await using var app = ControllerHost.Build([.. args]);
            return await RunAsync(context, app, "controller", cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, WebApplication app, string name, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is Microsoft.Extensions.Options.OptionsValidationException or IOException)
        {
            throw new UsageException(e.Message);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is Microsoft.Extensions.Options.OptionsValidationException))
        {
            throw new UsageException(string.Join("; ", e.InnerExceptions.Select(i => i.Message)));
        }
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        context.Error.WriteLine($"flexiffusion: {name} listening on {string.Join(", ", addresses)} (Ctrl+C stops)");
        try
        {
            await app.WaitForShutdownAsync(cancellationToken);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
        return ExitCodes.Ok;
    }

    /// <summary>Flags every service has, turned into host configuration arguments.</summary>
    private sealed class CommonOptions(int defaultPort)
    {
        public Option<int> Port { get; } = new("--port") { Description = "gRPC port (h2c, or TLS with --tls-cert)", DefaultValueFactory = _ => defaultPort };
        public Option<string> Address { get; } = new("--address") { Description = "Address to bind (0.0.0.0 for every interface)", DefaultValueFactory = _ => "127.0.0.1" };
        public Option<int> MetricsPort { get; } = new("--metrics-port") { Description = "Prometheus /metrics port (HTTP/1.1); -1 disables it", DefaultValueFactory = _ => -1 };
        public Option<string?> Redis { get; } = new("--redis") { Description = "Redis, e.g. 127.0.0.1:6379 (default: in-memory caches)" };
        public Option<string?> RedisPasswordFile { get; } = new("--redis-password-file") { Description = "File holding the Redis password (Redis:PasswordFile)" };
        public Option<string?> TokenFile { get; } = new("--token-file") { Description = "File of accepted bearer tokens, one per line (Auth:TokenFile)" };
        public Option<string?> TlsCert { get; } = new("--tls-cert") { Description = "Serve TLS with this certificate: PEM (with --tls-key) or .pfx (Endpoints:Certificate:Path)" };
        public Option<string?> TlsKey { get; } = new("--tls-key") { Description = "The PEM private key of --tls-cert (Endpoints:Certificate:KeyPath)" };
        public Option<bool> Insecure { get; } = new("--insecure") { Description = "Allow a non-loopback --address without authentication (Endpoints:AllowInsecure)" };

        public void AddTo(Command command)
        {
            command.Options.Add(Port);
            command.Options.Add(Address);
            command.Options.Add(MetricsPort);
            command.Options.Add(Redis);
            command.Options.Add(RedisPasswordFile);
            command.Options.Add(TokenFile);
            command.Options.Add(TlsCert);
            command.Options.Add(TlsKey);
            command.Options.Add(Insecure);
            command.TreatUnmatchedTokensAsErrors = false;
        }

        public List<string> HostArgs(ParseResult parse)
        {
            var args = new List<string>
            {
                $"--Endpoints:GrpcPort={parse.GetValue(Port).ToString(CultureInfo.InvariantCulture)}",
                $"--Endpoints:Address={parse.GetValue(Address)}",
                $"--Endpoints:MetricsPort={parse.GetValue(MetricsPort).ToString(CultureInfo.InvariantCulture)}",
            };
            if (parse.GetValue(Redis) is { } redis)
                args.Add($"--Redis:Configuration={redis}");
            if (parse.GetValue(RedisPasswordFile) is { } passwordFile)
                args.Add($"--Redis:PasswordFile={passwordFile}");
            if (parse.GetValue(TokenFile) is { } tokenFile)
                args.Add($"--Auth:TokenFile={tokenFile}");
            if (parse.GetValue(TlsCert) is { } cert)
                args.Add($"--Endpoints:Certificate:Path={cert}");
            if (parse.GetValue(TlsKey) is { } key)
                args.Add($"--Endpoints:Certificate:KeyPath={key}");
            if (parse.GetValue(Insecure))
                args.Add("--Endpoints:AllowInsecure=true");
            foreach (string token in parse.UnmatchedTokens)
            {
                if (!token.StartsWith("--", StringComparison.Ordinal) || !token.Contains(':', StringComparison.Ordinal))
                    throw new UsageException($"unknown option '{token}' (service settings are given as --Section:Key=value)");
                args.Add(token);
            }
            return args;
        }
    }
}
