using Flexiffusion.ServiceDefaults.Redis;
using Flexiffusion.ServiceDefaults.Telemetry;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Flexiffusion.ServiceDefaults.Hosting;

/// <summary>Registration shared by every service (after eShop's ServiceDefaults).</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Kestrel on the configured endpoints (gRPC h2c, optional HTTP/1.1 metrics), structured console
    /// logs, OpenTelemetry metrics of every <c>Flexiffusion.*</c> meter exported for Prometheus, gRPC
    /// with health checking (starts NOT_SERVING) and reflection, and the shared Redis connection.
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Endpoints are read when the server starts, so configuration added after this call (by tests, or
        // by a host's own registrations) still decides where the service listens.
        builder.Services.AddSingleton(sp => ReadEndpoints(sp.GetRequiredService<IConfiguration>()));
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var endpoints = ReadEndpoints(context.Configuration);
            var address = endpoints.Validate();
            kestrel.Listen(address, endpoints.GrpcPort, o => o.Protocols = HttpProtocols.Http2);
            if (endpoints.MetricsPort >= 0)
                kestrel.Listen(address, endpoints.MetricsPort, o => o.Protocols = HttpProtocols.Http1);
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
        builder.Services.AddGrpc(o => o.EnableDetailedErrors = false);
        builder.Services.AddGrpcReflection();
        builder.Services.AddSingleton<HealthServiceImpl>();
        builder.Services.Configure<RedisOptions>(builder.Configuration.GetSection(RedisOptions.Section));
        builder.Services.AddSingleton<RedisConnection>();
        return builder;
    }

    /// <summary>Maps gRPC health, reflection and (when enabled) the Prometheus scraping endpoint <c>/metrics</c>.</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<HealthServiceImpl>();
        app.MapGrpcReflectionService();
        var endpoints = app.Services.GetRequiredService<EndpointOptions>();
        if (endpoints.MetricsPort >= 0)
            app.MapPrometheusScrapingEndpoint();
        return app;
    }

    private static EndpointOptions ReadEndpoints(IConfiguration configuration) =>
        configuration.GetSection(EndpointOptions.Section).Get<EndpointOptions>() ?? new EndpointOptions();

    /// <summary>The health status a service reports for itself and for the overall server ("").</summary>
    public static void SetServing(this HealthServiceImpl health, string service, bool serving)
    {
        ArgumentNullException.ThrowIfNull(health);
        var status = serving ? HealthCheckResponse.Types.ServingStatus.Serving : HealthCheckResponse.Types.ServingStatus.NotServing;
        health.SetStatus(service, status);
        health.SetStatus("", status);
    }
}
