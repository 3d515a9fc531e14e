namespace Flexiffusion.Diffusion.Runtime;

/// <summary>The x86 vector-instruction families that decide which CPU kernels libtorch and oneDNN run, lowest first.</summary>
public enum CpuIsa
{
    /// <summary>No x86 vector extension we distinguish (or not an x86 CPU).</summary>
    Baseline,

    /// <summary>SSE4.1.</summary>
    Sse41,

    /// <summary>AVX.</summary>
    Avx,

    /// <summary>AVX2 with FMA.</summary>
    Avx2,

    /// <summary>AVX-512 F, DQ, BW and VL (oneDNN's avx512_core family and above).</summary>
    Avx512,
}
