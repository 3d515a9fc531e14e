using Flexiffusion.Evaluator.Hosting;
using Flexiffusion.Evaluator.Services;
using Flexiffusion.ServiceDefaults.Hosting;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Flexiffusion.Evaluator;

/// <summary>
/// Builds the evaluator service: gRPC <c>flexiffusion.evaluator.v1.Evaluator</c> with health, reflection
/// and metrics, its models loaded in the background after start. Used by <c>flexiffusion-evaluator</c>,
/// by <c>flexiffusion serve evaluator</c> and by tests, which all start it in their own process.
/// </summary>
public static class EvaluatorHost
{
    /// <summary>The prefix of environment variables read as configuration (<c>FLEXIFFUSION_Redis__Configuration</c>).</summary>
    public const string EnvironmentPrefix = "FLEXIFFUSION_";

    /// <summary>The defaults beside the binary (named after the service, so that a program hosting both services keeps both).</summary>
    public const string SettingsFile = "flexiffusion-evaluator.json";

    /// <summary>
    /// Configuration, lowest precedence first: <see cref="SettingsFile"/> beside the binary, <c>appsettings.json</c> in the
    /// content root (the working directory, which relative model paths also resolve against), environment
    /// variables (plain and <see cref="EnvironmentPrefix"/>ed), command-line arguments, then whatever
    /// <paramref name="configure"/> adds.
    /// </summary>
    /// <param name="args">Command-line arguments, e.g. <c>--Evaluator:Capacity=4</c>.</param>
    /// <param name="configure">Runs before the services are registered (tests add configuration here).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            Path = SettingsFile,
            Optional = true,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        });
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        builder.Configuration.AddCommandLine(args);
        configure?.Invoke(builder);
        builder.AddServiceDefaults("flexiffusion-evaluator");
        builder.AddEvaluatorServices();

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapGrpcService<EvaluatorGrpcService>();
        return app;
    }
}
