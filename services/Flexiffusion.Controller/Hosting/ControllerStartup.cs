using Flexiffusion.Controller.Evaluators;
using Flexiffusion.Controller.Telemetry;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.ServiceDefaults.Hosting;
using Grpc.HealthCheck;
using Microsoft.Extensions.Options;

namespace Flexiffusion.Controller.Hosting;

/// <summary>
/// Recovers stored searches (running ones resume from their snapshots) and then reports SERVING;
/// when the store does not answer it serves anyway and retries. Then it keeps recovering every
/// <see cref="ControllerOptions.RecoveryInterval"/>: searches whose controller stopped renewing their
/// leases are taken over, those of other controllers are shown as stored. On shutdown it stops the
/// searches without marking them cancelled, so the next controller resumes them.
/// </summary>
internal sealed class ControllerStartup(SearchManager manager, EvaluatorPool pool, ControllerMetrics metrics, HealthServiceImpl health,
    IOptions<ControllerOptions> options, TimeProvider time, ILogger<ControllerStartup> logger) : BackgroundService
{
    private static readonly string Service = Contracts.Controller.V1.SearchService.Descriptor.FullName;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the host has started: ExecuteAsync runs on a background thread, and until it did, a health check would
        // answer NOT_FOUND for the service instead of NOT_SERVING.
        health.SetServing(Service, false);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        metrics.Observe(() => pool.QueueDepth, () => manager.RunningCount);
        // The first attempt at recovery comes before serving, so a restarted controller answers for its stored searches
        // at once; if the store does not answer, the controller serves anyway and keeps retrying in the background.
        bool recovered = false;
        bool failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.Value.RecoveryInterval;
            try
            {
                int resumed = await manager.RecoverAsync(stoppingToken).ConfigureAwait(false);
                if (!recovered || failing || resumed > 0)
                    StartupLog.Recovered(logger, resumed);
                recovered = true;
                failing = false;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                    StartupLog.StoreUnavailable(logger, e, options.Value.HealthInterval);
                failing = true;
                wait = options.Value.HealthInterval;
            }
            health.SetServing(Service, true);
            try
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
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
