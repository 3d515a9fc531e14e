using System.Globalization;
using System.Net.Sockets;
using Flexiffusion.Controller.Hosting;
using Microsoft.Extensions.Options;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>Feeds the pool its evaluators: the static list at start, and the DNS name's addresses every <see cref="ControllerOptions.DnsRefresh"/>.</summary>
internal sealed class EvaluatorDiscovery(EvaluatorPool pool, IEvaluatorAddressResolver resolver, IOptions<ControllerOptions> options,
    TimeProvider time, ILogger<EvaluatorDiscovery> logger) : BackgroundService
{
    private readonly ControllerOptions _options = options.Value;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        pool.SetAddresses("static", _options.Evaluators);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(_options.EvaluatorDns) || !ControllerOptionsValidator.TrySplitDns(_options.EvaluatorDns, out string host, out int port))
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var addresses = await resolver.ResolveAsync(host, stoppingToken).ConfigureAwait(false);
                pool.SetAddresses("dns", addresses.Select(a => a.AddressFamily == AddressFamily.InterNetworkV6
                    ? string.Create(CultureInfo.InvariantCulture, $"{_options.EvaluatorDnsScheme}://[{a}]:{port}")
                    : string.Create(CultureInfo.InvariantCulture, $"{_options.EvaluatorDnsScheme}://{a}:{port}")));
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                EndpointLog.DnsFailed(logger, e, _options.EvaluatorDns);
            }
            try
            {
                await Task.Delay(_options.DnsRefresh, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
