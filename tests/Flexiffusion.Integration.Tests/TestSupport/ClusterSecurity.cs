using Flexiffusion.Testing;

namespace Flexiffusion.Integration.Tests.TestSupport;

/// <summary>A protected <see cref="Cluster"/>: every service serves TLS from <paramref name="Certificates"/> and asks for a token.</summary>
/// <param name="ClientToken">The token the controller accepts from clients.</param>
/// <param name="EvaluatorToken">The token the evaluators accept, which the controller sends them.</param>
/// <param name="Certificates">The CA and server certificate every service uses.</param>
internal sealed record ClusterSecurity(string ClientToken, string EvaluatorToken, TestCertificates Certificates);
