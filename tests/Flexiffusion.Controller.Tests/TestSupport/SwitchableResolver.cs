using System.Net;
using Flexiffusion.Controller.Evaluators;

namespace Flexiffusion.Controller.Tests.TestSupport;

/// <summary>A DNS stand-in whose answer the test changes.</summary>
internal sealed class SwitchableResolver : IEvaluatorAddressResolver
{
    public IReadOnlyList<IPAddress> Addresses { get; set; } = [];

    public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken) =>
        host == "evaluators.test" ? Task.FromResult(Addresses) : throw new InvalidOperationException($"unknown host {host}");
}
