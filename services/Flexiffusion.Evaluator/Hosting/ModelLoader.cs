using Flexiffusion.Scoring.Models;
using Flexiffusion.Scoring;
using Flexiffusion.Scoring.Teachers;
using Flexiffusion.Evaluator.Telemetry;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.ServiceDefaults.Hosting;
using Grpc.HealthCheck;
using Microsoft.Extensions.Options;

namespace Flexiffusion.Evaluator.Hosting;

/// <summary>
/// Loads the models and computes the configured warm teachers after the server has started, so health
/// can be asked meanwhile (NOT_SERVING); then reports SERVING. A failure stops the application.
/// </summary>
internal sealed class ModelLoader(
    IOptions<EvaluatorOptions> options,
    IHostEnvironment environment,
    EvaluatorState state,
    IBlobCache teacherCache,
    ITeacherLock teacherLock,
    ScoringTelemetry telemetry,
    HealthServiceImpl health,
    IHostApplicationLifetime lifetime,
    ILogger<ModelLoader> logger) : BackgroundService
{
    /// <summary>The gRPC service name health reports for.</summary>
    public static string ServiceName => Contracts.Evaluator.V1.EvaluatorService.Descriptor.FullName;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        health.SetServing(ServiceName, serving: false);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            var models = settings.EffectiveModels;
            var catalog = await Task.Run(() => ModelCatalog.Load(models, environment.ContentRootPath), stoppingToken).ConfigureAwait(false);
            foreach (var model in catalog.Models)
            {
                string device = model.Device.ToString();
                EvaluatorLog.ModelLoaded(logger, model.Name, model.Config.Name, model.BranchCount, model.Macs.Full, device, model.Numerics, model.Checksum, model.Extractor.Checksum);
            }
            state.Loaded(new CandidateScorer(catalog, teacherCache, teacherLock, telemetry));
            foreach (var warm in settings.WarmTeachers)
            {
                bool computed = await state.Scorer!.WarmTeacherAsync(warm, stoppingToken).ConfigureAwait(false);
                EvaluatorLog.WarmTeacher(logger, warm.Model.Length > 0 ? warm.Model : catalog.Models[0].Name, warm.TeacherSteps, warm.Sampler, warm.Images, computed ? "computed" : "from cache");
            }
            state.Serving();
            health.SetServing(ServiceName, serving: true);
            EvaluatorLog.Serving(logger, settings.Id, catalog.Models.Count, settings.Capacity);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            EvaluatorLog.StoppedWhileLoading(logger);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or InvalidOperationException or TypeInitializationException)
        {
            EvaluatorLog.LoadFailed(logger, e);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }
}
