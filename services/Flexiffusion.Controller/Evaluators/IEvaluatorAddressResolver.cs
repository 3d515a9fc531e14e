using System.Net;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>Resolves the evaluators' DNS name (a seam for tests; the default asks DNS).</summary>
internal interface IEvaluatorAddressResolver
{
    /// <summary>The addresses a host name resolves to now.</summary>
    Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken);
}
