using System.Net;
using Flexiffusion.ServiceDefaults.Redis;
using Flexiffusion.ServiceDefaults.Security;
using Flexiffusion.ServiceDefaults.Telemetry;
using Grpc.AspNetCore.Server;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Flexiffusion.ServiceDefaults.Hosting;

/// <summary>Registration shared by every service (after eShop's ServiceDefaults).</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Kestrel on the configured endpoints (gRPC over h2c or TLS, optional HTTP/1.1 metrics), bearer-token
    /// authentication of every gRPC method but health (<see cref="BearerTokenInterceptor"/>), structured console
    /// logs, OpenTelemetry metrics of every <c>Flexiffusion.*</c> meter exported for Prometheus, gRPC
    /// with health checking (starts NOT_SERVING) and reflection, and the shared Redis connection.
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Endpoints are read when the server starts, so configuration added after this call (by tests, or
        // by a host's own registrations) still decides where the service listens.
        builder.Services.AddOptions<EndpointOptions>().Bind(builder.Configuration.GetSection(EndpointOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EndpointOptions>, EndpointOptionsValidator>();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<EndpointOptions>>().Value);
        builder.Services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddSingleton(sp => TokenSet.Load(sp.GetRequiredService<IOptions<AuthOptions>>().Value));
        builder.Services.AddSingleton<ServerTls>();
        builder.Services.AddHostedService<SecurityReport>();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            // Kestrel is configured when the application is built, before the options are validated (at start): read
            // them unvalidated here and never throw, so that a bad setting is reported by validation with its name.
            var endpoints = context.Configuration.GetSection(EndpointOptions.Section).Get<EndpointOptions>() ?? new EndpointOptions();
            var tls = kestrel.ApplicationServices.GetRequiredService<ServerTls>();
            var address = IPAddress.TryParse(endpoints.Address, out var parsed) ? parsed : IPAddress.Loopback;
            kestrel.Listen(address, endpoints.GrpcPort is >= 0 and <= 65535 ? endpoints.GrpcPort : 0, o =>
            {
                o.Protocols = HttpProtocols.Http2;
                if (endpoints.Certificate.IsConfigured)
                    o.UseHttps(https => tls.ConfigureGrpc(https, endpoints.RequiresClientCertificate));
            });
            if (endpoints.MetricsPort is >= 0 and <= 65535)
            {
                kestrel.Listen(address, endpoints.MetricsPort, o =>
                {
                    o.Protocols = HttpProtocols.Http1;
                    if (endpoints.Certificate.IsConfigured)
                        o.UseHttps(tls.ConfigureMetrics);
                });
            }
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
            o.IncludeScopes = true;
        });
        if (string.Equals(builder.Configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(m => m.AddMeter(FlexiffusionMeters.Prefix + "*").AddPrometheusExporter());
        builder.Services.AddGrpc(o =>
        {
            o.EnableDetailedErrors = false;
            o.Interceptors.Add<BearerTokenInterceptor>();
        });
        // Read unvalidated, like Kestrel's settings above: resolving the validated options here would throw a bad setting
        // from inside gRPC's set-up instead of reporting it at start with its name. An invalid value fails validation anyway.
        builder.Services.AddOptions<GrpcServiceOptions>().Configure<IConfiguration>((grpc, configuration) =>
            grpc.MaxReceiveMessageSize = (configuration.GetSection(EndpointOptions.Section).Get<EndpointOptions>() ?? new EndpointOptions()).MaxMessageBytes);
        builder.Services.AddGrpcReflection();
        builder.Services.AddSingleton<HealthServiceImpl>();
        builder.Services.AddOptions<RedisOptions>().Bind(builder.Configuration.GetSection(RedisOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>();
        builder.Services.AddSingleton<RedisConnection>();
        return builder;
    }

    /// <summary>
    /// Maps gRPC health, reflection and (when enabled) the Prometheus scraping endpoint <c>/metrics</c>, which asks for
    /// the bearer token like every gRPC method except health (unless <c>Auth:AnonymousMetrics</c>).
    /// </summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<MetricsTokenMiddleware>();
        app.MapGrpcService<HealthServiceImpl>();
        app.MapGrpcReflectionService();
        // Unvalidated here: mapping happens at build time, validation at start.
        var endpoints = app.Configuration.GetSection(EndpointOptions.Section).Get<EndpointOptions>() ?? new EndpointOptions();
        if (endpoints.MetricsPort >= 0)
            app.MapPrometheusScrapingEndpoint();
        return app;
    }

    /// <summary>The health status a service reports for itself and for the overall server ("").</summary>
    public static void SetServing(this HealthServiceImpl health, string service, bool serving)
    {
        ArgumentNullException.ThrowIfNull(health);
        var status = serving ? HealthCheckResponse.Types.ServingStatus.Serving : HealthCheckResponse.Types.ServingStatus.NotServing;
        health.SetStatus(service, status);
        health.SetStatus("", status);
    }
}
