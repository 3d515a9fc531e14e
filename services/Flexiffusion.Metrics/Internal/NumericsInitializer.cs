using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Flexiffusion.Diffusion.Runtime;

namespace Flexiffusion.Metrics.Internal;

/// <summary>Applies <see cref="NumericsPolicy"/> when this assembly loads: its feature networks run oneDNN convolutions too.</summary>
internal static class NumericsInitializer
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "oneDNN reads its ISA cap once, at its first kernel; only a module initialiser runs before every caller of this library.")]
    internal static void Run() => NumericsPolicy.Configure();
}
