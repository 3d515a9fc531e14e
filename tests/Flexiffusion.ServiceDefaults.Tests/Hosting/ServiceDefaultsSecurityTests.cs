using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using Flexiffusion.ServiceDefaults.Security;
using Flexiffusion.ServiceDefaults.Tests.TestSupport;
using Flexiffusion.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Options;

namespace Flexiffusion.ServiceDefaults.Tests.Hosting;

/// <summary>The shared defaults' authentication and transport security, on a real Kestrel with real gRPC clients.</summary>
public sealed class ServiceDefaultsSecurityTests : IDisposable
{
    private const string Token = "token-for-tests-0123456789";
    private readonly TestCertificates _certs = new();

    public void Dispose() => _certs.Dispose();

    private Dictionary<string, string?> WithToken(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?> { ["Auth:TokenFile"] = _certs.Write("tokens", $"# tokens\n{Token}\n") };
        foreach (var (key, value) in more ?? [])
            settings[key] = value;
        return settings;
    }

    private Dictionary<string, string?> WithTls(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Endpoints:Certificate:Path"] = _certs.ServerCertFile,
            ["Endpoints:Certificate:KeyPath"] = _certs.ServerKeyFile,
        };
        foreach (var (key, value) in more ?? [])
            settings[key] = value;
        return settings;
    }

    [Fact]
    public async Task Start_NoConfiguration_ServesLoopbackCleartextWithoutToken()
    {
        await using var service = await TestService.StartAsync();

        var services = await TestService.ListServicesAsync(service.Channel());

        Assert.StartsWith("http://127.0.0.1:", service.Address, StringComparison.Ordinal);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Contains("no authentication; transport cleartext (h2c)", service.Logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_TokensConfigured_UnauthenticatedWithoutOrWithAWrongTokenServedWithTheRightOne()
    {
        await using var service = await TestService.StartAsync(WithToken());

        var missing = await Assert.ThrowsAsync<RpcException>(() => TestService.ListServicesAsync(service.Channel()));
        var wrong = await Assert.ThrowsAsync<RpcException>(() => TestService.ListServicesAsync(service.Channel(new ClientCredentialOptions { Token = Token + "x" })));
        var services = await TestService.ListServicesAsync(service.Channel(new ClientCredentialOptions { Token = Token }));

        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated), (missing.StatusCode, wrong.StatusCode));
        Assert.Equal(BearerTokenInterceptor.Refusal, missing.Status.Detail);
        Assert.Equal(missing.Status.Detail, wrong.Status.Detail);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.DoesNotContain(Token, service.Logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_TokensConfigured_AnswersWithoutToken()
    {
        await using var service = await TestService.StartAsync(WithToken());

        var health = await HealthAsync(service.Channel());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    private static async Task<HealthCheckResponse> HealthAsync(Grpc.Net.Client.GrpcChannel channel) =>
        await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = "flexiffusion.test" }, deadline: DateTime.UtcNow + Patience.Limit);

    private static Exception Innermost(RpcException error)
    {
        Exception e = error.Status.DebugException ?? error;
        while (e.InnerException is not null && e is not AuthenticationException)
            e = e.InnerException;
        return e;
    }

    [Fact]
    public async Task Metrics_TokensConfigured_RefusedWithoutTokenServedWithIt()
    {
        await using var service = await TestService.StartAsync(WithToken(new() { ["Endpoints:MetricsPort"] = "0" }));
        using var http = new HttpClient();

        using var anonymous = await http.GetAsync(new Uri(service.MetricsAddress + "/metrics"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(service.MetricsAddress + "/metrics"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var authorized = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
    }

    [Fact]
    public async Task Start_CertificateConfigured_ServesTlsToClientsTrustingItsCaOnly()
    {
        await using var service = await TestService.StartAsync(WithTls(WithToken()));

        var services = await TestService.ListServicesAsync(service.Channel(new ClientCredentialOptions { Token = Token, CaFile = _certs.CaFile }));
        var stranger = await Assert.ThrowsAsync<RpcException>(() =>
            TestService.ListServicesAsync(service.Channel(new ClientCredentialOptions { Token = Token, CaFile = _certs.StrangerCaFile })));
        var wrongName = await Assert.ThrowsAsync<RpcException>(() =>
            TestService.ListServicesAsync(service.Channel(new ClientCredentialOptions { Token = Token, CaFile = _certs.CaFile, ServerName = "evaluator.example" })));

        Assert.StartsWith("https://127.0.0.1:", service.Address, StringComparison.Ordinal);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.IsType<AuthenticationException>(Innermost(stranger), exactMatch: false);
        Assert.IsType<AuthenticationException>(Innermost(wrongName), exactMatch: false);
        Assert.Contains("bearer tokens (1 accepted); transport TLS", service.Logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_CertificateIssuedForAnotherNameThanTheAddress_TrustedOnlyWithThatServerName()
    {
        await using var service = await TestService.StartAsync(new()
        {
            ["Endpoints:Certificate:Path"] = _certs.NamedServerCertFile,
            ["Endpoints:Certificate:KeyPath"] = _certs.NamedServerKeyFile,
        });

        var byAddress = await Assert.ThrowsAsync<RpcException>(() => HealthAsync(service.Channel(new ClientCredentialOptions { CaFile = _certs.CaFile })));
        var byName = await HealthAsync(service.Channel(new ClientCredentialOptions { CaFile = _certs.CaFile, ServerName = TestCertificates.ServerName }));

        Assert.IsType<AuthenticationException>(Innermost(byAddress), exactMatch: false);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, byName.Status);
    }

    [Fact]
    public async Task Start_ClientCertificateRequired_RefusesClientsWithoutOneOrWithAStrangersAndServesOneFromItsCa()
    {
        await using var service = await TestService.StartAsync(WithTls(new() { ["Endpoints:ClientCertificate"] = "require", ["Endpoints:ClientCaFile"] = _certs.CaFile }));
        var trusted = new ClientCredentialOptions { CaFile = _certs.CaFile };

        // Refused during the TLS handshake, so even the health service does not answer.
        var none = await Assert.ThrowsAsync<RpcException>(() => HealthAsync(service.Channel(trusted)));
        var stranger = await Assert.ThrowsAsync<RpcException>(() => HealthAsync(service.Channel(new ClientCredentialOptions
        {
            CaFile = _certs.CaFile,
            Certificate = new CertificateOptions { Path = _certs.StrangerClientCertFile, KeyPath = _certs.StrangerClientKeyFile },
        })));
        var services = await TestService.ListServicesAsync(service.Channel(new ClientCredentialOptions
        {
            CaFile = _certs.CaFile,
            Certificate = new CertificateOptions { Path = _certs.ClientCertFile, KeyPath = _certs.ClientKeyFile },
        }));

        // TLS 1.3 lets the client finish its side of the handshake before the server refuses the certificate, so the
        // refusal reaches the client either as a failed connection or as a reset stream, depending on timing.
        Assert.Contains(none.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
        Assert.Contains(stranger.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task Start_NonLoopbackWithoutAuthentication_RefusesNamingTheInsecureOption()
    {
        var logs = new LogCapture();
        await using var app = TestService.Build(new Dictionary<string, string?> { ["Endpoints:Address"] = "0.0.0.0" }, logs);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Endpoints:Address: 0.0.0.0 is not a loopback address and no authentication is configured", error.Message, StringComparison.Ordinal);
        Assert.Contains("Endpoints:AllowInsecure=true", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Start_NonLoopbackAllowedInsecure_StartsServingAndWarns()
    {
        await using var service = await TestService.StartAsync(new() { ["Endpoints:Address"] = "0.0.0.0", ["Endpoints:AllowInsecure"] = "true" });

        var services = await TestService.ListServicesAsync(service.Channel());

        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Contains("Serving WITHOUT authentication on 0.0.0.0", service.Logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NonLoopbackWithTokensWithoutTls_StartsAndWarnsThatTokensTravelInCleartext()
    {
        await using var service = await TestService.StartAsync(WithToken(new() { ["Endpoints:Address"] = "0.0.0.0" }));

        var services = await TestService.ListServicesAsync(service.Channel(new ClientCredentialOptions { Token = Token }));

        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Contains("Bearer tokens travel in cleartext", service.Logs.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Auth:TokenFile", "/nonexistent/tokens", "Auth:TokenFile: no such file '/nonexistent/tokens'")]
    [InlineData("Auth:Tokens:0", "short-secret", "Auth:Tokens:0: a token must be at least 16 characters")]
    [InlineData("Endpoints:Certificate:Path", "/nonexistent/cert.pem", "Endpoints:Certificate:Path: no such file '/nonexistent/cert.pem'")]
    [InlineData("Endpoints:ClientCertificate", "maybe", "Endpoints:ClientCertificate: 'maybe' is not none or require")]
    [InlineData("Endpoints:ClientCertificate", "require", "Endpoints:ClientCertificate: require needs TLS: set Endpoints:Certificate:Path")]
    public async Task Start_InvalidSecuritySetting_FailsNamingItWithoutTheSecret(string key, string value, string message)
    {
        var logs = new LogCapture();
        await using var app = TestService.Build(new Dictionary<string, string?> { [key] = value }, logs);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        if (key == "Auth:Tokens:0")
            Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CertificateKeyDoesNotMatch_FailsNamingTheCertificate()
    {
        var logs = new LogCapture();
        await using var app = TestService.Build(new Dictionary<string, string?>
        {
            ["Endpoints:Certificate:Path"] = _certs.ServerCertFile,
            ["Endpoints:Certificate:KeyPath"] = _certs.ClientKeyFile,
        }, logs);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Endpoints:Certificate:Path: cannot load a certificate and key from", error.Message, StringComparison.Ordinal);
    }
}
