using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Flexiffusion.Diffusion.Runtime.Internal;

/// <summary>Applies <see cref="NumericsPolicy"/> when this assembly loads, before any of its code can create a kernel.</summary>
internal static class NumericsInitializer
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "oneDNN reads its ISA cap once, at its first kernel; only a module initialiser runs before every caller of this library.")]
    internal static void Run() => NumericsPolicy.Configure();
}
