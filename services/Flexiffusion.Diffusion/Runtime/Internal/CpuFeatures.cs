using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Flexiffusion.Diffusion.Runtime.Internal;

/// <summary>
/// The x86 vector extensions the CPU and kernel offer, from /proc/cpuinfo's flags (what native
/// libraries see, whatever .NET's own <c>DOTNET_EnableAVX512F</c> says), else from CPUID.
/// </summary>
internal sealed class CpuFeatures
{
    private readonly HashSet<string> _flags;

    private CpuFeatures(HashSet<string> flags) => _flags = flags;

    /// <summary>This machine's features, read once.</summary>
    public static CpuFeatures Current { get; } = Read();

    /// <summary>Features from a /proc/cpuinfo <c>flags</c> line (space-separated).</summary>
    public static CpuFeatures FromFlags(string flags) =>
        new(flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal));

    /// <summary>Whether the CPU has a feature (a /proc/cpuinfo flag name such as <c>avx512f</c>).</summary>
    public bool Has(string flag) => _flags.Contains(flag);

    /// <summary>AVX-512 Foundation with the DQ, BW and VL subsets (oneDNN's avx512_core, ATen's avx512).</summary>
    public bool HasAvx512Core => Has("avx512f") && Has("avx512dq") && Has("avx512bw") && Has("avx512vl");

    /// <summary>AVX2 with FMA (ATen's avx2 and oneDNN's avx2 kernels).</summary>
    public bool HasAvx2 => Has("avx2") && Has("fma");

    private static CpuFeatures Read()
    {
        if (RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.X86))
            return new CpuFeatures([]);
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
        {
            foreach (string line in File.ReadLines(cpuinfo))
            {
                if (line.StartsWith("flags", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is int colon and >= 0)
                    return FromFlags(line[(colon + 1)..]);
            }
        }
        return FromCpuId();
    }

    private static CpuFeatures FromCpuId()
    {
        var flags = new HashSet<string>(StringComparer.Ordinal);
        if (!X86Base.IsSupported)
            return new CpuFeatures(flags);
        var (_, _, ecx1, _) = X86Base.CpuId(1, 0);
        var (_, ebx7, _, _) = X86Base.CpuId(7, 0);
        void Bit(int register, int bit, string name)
        {
            if ((register & (1 << bit)) != 0)
                flags.Add(name);
        }
        Bit(ecx1, 19, "sse4_1");
        Bit(ecx1, 12, "fma");
        Bit(ecx1, 28, "avx");
        Bit(ebx7, 5, "avx2");
        Bit(ebx7, 16, "avx512f");
        Bit(ebx7, 17, "avx512dq");
        Bit(ebx7, 30, "avx512bw");
        Bit(ebx7, 31, "avx512vl");
        return new CpuFeatures(flags);
    }
}
