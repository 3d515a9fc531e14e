using System.Reflection;

namespace Flexiffusion.Evaluator.Services;

/// <summary>The version GetEvaluatorInfo reports: the host assembly's informational version.</summary>
internal static class HostVersion
{
    public static string Text { get; } = typeof(HostVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(HostVersion).Assembly.GetName().Version?.ToString() ?? "unknown";
}
