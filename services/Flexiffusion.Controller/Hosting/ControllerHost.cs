using Flexiffusion.Controller.Grpc;
using Flexiffusion.ServiceDefaults.Hosting;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Flexiffusion.Controller.Hosting;

/// <summary>Builds the controller service, for its own executable, for <c>flexiffusion serve controller</c> and for in-process tests.</summary>
public static class ControllerHost
{
    /// <summary>The service's name in logs, metrics and health.</summary>
    public const string ServiceName = "flexiffusion-controller";

    /// <summary>The defaults beside the binary (named after the service, so that a program hosting both services keeps both).</summary>
    public const string SettingsFile = "flexiffusion-controller.json";

    /// <summary>
    /// The controller host: configuration from <see cref="SettingsFile"/> (then appsettings.json) beside the binary, environment variables prefixed
    /// <c>FLEXIFFUSION_</c> (e.g. <c>FLEXIFFUSION_Controller__Evaluators__0</c>) and the command line
    /// (e.g. <c>--Controller:MaxConcurrentSearches=4</c>), later sources winning; the shared service
    /// defaults; the Controller gRPC service.
    /// </summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="configure">Runs after the controller's registrations (tests replace services here).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            Path = SettingsFile,
            Optional = true,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        });
        builder.Configuration.AddEnvironmentVariables("FLEXIFFUSION_");
        builder.Configuration.AddCommandLine(args);
        builder.AddServiceDefaults(ServiceName);
        builder.AddControllerServices();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapGrpcService<SearchGrpcService>();
        return app;
    }
}
