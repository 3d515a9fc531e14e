using System.Globalization;
using Flexiffusion.Diffusion.Runtime.Internal;
using TorchSharp;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Runtime;

/// <summary>
/// How this process's CPU kernels are chosen, set before libtorch initialises. On CPUs with AVX-512,
/// libtorch 2.10's oneDNN AVX-512 kernels gave ±Infinity training losses, NaN in a forward pass and
/// allocator-dependent results on one machine; capping oneDNN at AVX2 (<c>DNNL_MAX_CPU_ISA=AVX2</c>)
/// made every result finite and repeatable there (docs/numerics.md). The cap is the default on
/// AVX-512 CPUs; a value the user set for <c>ONEDNN_MAX_CPU_ISA</c> or <c>DNNL_MAX_CPU_ISA</c> is
/// respected (<c>DEFAULT</c> lifts the cap). oneDNN reads the variable with the C library's
/// <c>getenv</c> when it first creates a kernel, so it is set with <c>setenv</c>: .NET's
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> would not reach it.
/// </summary>
public static class NumericsPolicy
{
    /// <summary>oneDNN's ISA cap variable, the name this policy sets.</summary>
    public const string IsaVariable = "DNNL_MAX_CPU_ISA";

    /// <summary>oneDNN 3's preferred name for the same cap, read before <see cref="IsaVariable"/>.</summary>
    public const string OneDnnIsaVariable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>ATen's own kernel choice (default, avx2, avx512).</summary>
    public const string AtenVariable = "ATEN_CPU_CAPABILITY";

    /// <summary>The cap applied on AVX-512 CPUs when the user set none.</summary>
    public const string SafeIsa = "AVX2";

    private static readonly Lock Gate = new();
    private static string? _origin;

    /// <summary>
    /// Applies the policy once per process (later calls do nothing). Runs from the module initialisers
    /// of the torch-using assemblies, so any process that touches them is covered; hosts call it first
    /// thing as well.
    /// </summary>
    public static void Configure()
    {
        lock (Gate)
        {
            if (_origin is not null)
                return;
            if (UserIsaSetting() is not null)
                _origin = "user";
            else if (CpuFeatures.Current.HasAvx512Core)
            {
                NativeEnvironment.Set(IsaVariable, SafeIsa);
                _origin = "policy";
            }
            else
                _origin = "none";
        }
    }

    /// <summary>Who set the oneDNN cap: <c>policy</c>, <c>user</c>, <c>none</c> (no cap needed), or null before <see cref="Configure"/>.</summary>
    public static string? Origin
    {
        get
        {
            lock (Gate)
                return _origin;
        }
    }

    /// <summary>The best family this CPU offers.</summary>
    public static CpuIsa Hardware => Best(CpuFeatures.Current);

    /// <summary>The family oneDNN's kernels use in this process: the hardware's, lowered by the cap native code sees.</summary>
    public static CpuIsa OneDnn => Min(Hardware, ParseOneDnnCap(UserIsaSetting()));

    /// <summary>The family ATen's own vectorised kernels use: the hardware's, lowered by <c>ATEN_CPU_CAPABILITY</c>.</summary>
    public static CpuIsa Aten => Min(Hardware, ParseAtenCapability(NativeEnvironment.Get(AtenVariable)));

    /// <summary>
    /// Whether this process would run the configuration that failed: oneDNN's AVX-512 kernels on an
    /// AVX-512 CPU. True only when a user lifted the cap.
    /// </summary>
    public static bool RunsAvx512OneDnn => OneDnn == CpuIsa.Avx512;

    /// <summary>
    /// The numerics class of <paramref name="device"/>: what decides the last bits of a result besides
    /// the inputs (device kind; on CPU, oneDNN's and ATen's instruction families). Two processes with
    /// different classes may differ in the last bits, so evaluations carry it in their identity.
    /// </summary>
    public static string Describe(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        Configure();
        if (device.type != DeviceType.CPU)
            return device.type.ToString().ToLowerInvariant();
        return string.Create(CultureInfo.InvariantCulture, $"cpu(onednn={Name(OneDnn)},aten={Name(Aten)})");
    }

    /// <summary>The family's lower-case name (avx512, avx2, avx, sse41, baseline).</summary>
    public static string Name(CpuIsa isa) => isa.ToString().ToLowerInvariant();

    internal static CpuIsa Best(CpuFeatures cpu) =>
        cpu.HasAvx512Core ? CpuIsa.Avx512
        : cpu.HasAvx2 ? CpuIsa.Avx2
        : cpu.Has("avx") ? CpuIsa.Avx
        : cpu.Has("sse4_1") ? CpuIsa.Sse41
        : CpuIsa.Baseline;

    /// <summary>The family a oneDNN cap value allows; unknown values and DEFAULT/ALL allow everything, as in oneDNN.</summary>
    internal static CpuIsa ParseOneDnnCap(string? value)
    {
        string v = (value ?? "").Trim().ToUpperInvariant();
        if (v.StartsWith("AVX512", StringComparison.Ordinal) || v.StartsWith("AVX10", StringComparison.Ordinal))
            return CpuIsa.Avx512;
        if (v.StartsWith("AVX2", StringComparison.Ordinal))
            return CpuIsa.Avx2;
        return v switch
        {
            "AVX" => CpuIsa.Avx,
            "SSE41" => CpuIsa.Sse41,
            _ => CpuIsa.Avx512,
        };
    }

    /// <summary>The family an ATEN_CPU_CAPABILITY value allows (unset or unknown: everything).</summary>
    internal static CpuIsa ParseAtenCapability(string? value) => (value ?? "").Trim().ToLowerInvariant() switch
    {
        "default" => CpuIsa.Baseline,
        "avx2" => CpuIsa.Avx2,
        _ => CpuIsa.Avx512,
    };

    private static CpuIsa Min(CpuIsa a, CpuIsa b) => a < b ? a : b;

    private static string? UserIsaSetting() =>
        NativeEnvironment.Get(OneDnnIsaVariable) is { Length: > 0 } oneDnn ? oneDnn
        : NativeEnvironment.Get(IsaVariable) is { Length: > 0 } dnnl ? dnnl
        : null;
}
