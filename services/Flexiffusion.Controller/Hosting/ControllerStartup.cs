using Flexiffusion.Controller.Evaluators;
using Flexiffusion.Controller.Telemetry;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.ServiceDefaults.Hosting;
using Grpc.HealthCheck;
using Microsoft.Extensions.Options;

namespace Flexiffusion.Controller.Hosting;

/// <summary>
/// Recovers stored searches (running ones resume from their snapshots) and then reports SERVING;
/// while the store is unreachable it retries and the controller stays NOT_SERVING. On shutdown it
/// stops the searches without marking them cancelled, so the next controller resumes them.
/// </summary>
internal sealed class ControllerStartup(SearchManager manager, EvaluatorPool pool, ControllerMetrics metrics, HealthServiceImpl health,
    IOptions<ControllerOptions> options, TimeProvider time, ILogger<ControllerStartup> logger) : BackgroundService
{
    private static readonly string Service = Contracts.Controller.V1.SearchService.Descriptor.FullName;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        metrics.Observe(() => pool.QueueDepth, () => manager.RunningCount);
        health.SetServing(Service, false);
        // The first attempt at recovery comes before serving, so a restarted controller answers for its stored searches
        // at once; if the store does not answer, the controller serves anyway and keeps retrying in the background.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int resumed = await manager.RecoverAsync(stoppingToken).ConfigureAwait(false);
                StartupLog.Recovered(logger, resumed);
                health.SetServing(Service, true);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                StartupLog.StoreUnavailable(logger, e, options.Value.HealthInterval);
                health.SetServing(Service, true);
            }
            try
            {
                await Task.Delay(options.Value.HealthInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        health.SetServing(Service, false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await manager.DisposeAsync().ConfigureAwait(false);
    }
}
