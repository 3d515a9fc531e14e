using System.Net;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>Resolves through the system's DNS (a Kubernetes headless service lists one address per ready pod).</summary>
internal sealed class DnsAddressResolver : IEvaluatorAddressResolver
{
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken) =>
        await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
}
