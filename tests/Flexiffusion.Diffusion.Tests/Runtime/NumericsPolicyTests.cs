using Flexiffusion.Diffusion.Runtime;
using Flexiffusion.Diffusion.Runtime.Internal;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Tests.Runtime;

public class NumericsPolicyTests
{
    [Fact]
    public void Configure_InThisProcess_NeverRunsOneDnnAvx512OnAnAvx512Cpu()
    {
        // The guard: on an AVX-512 CPU, libtorch's oneDNN AVX-512 kernels gave ±Infinity training losses and NaN.
        NumericsPolicy.Configure();

        Assert.NotNull(NumericsPolicy.Origin);
        if (NumericsPolicy.Hardware == CpuIsa.Avx512)
        {
            Assert.False(NumericsPolicy.RunsAvx512OneDnn,
                $"oneDNN may use AVX-512 in this process ({NumericsPolicy.OneDnnIsaVariable}={NativeEnvironment.Get(NumericsPolicy.OneDnnIsaVariable)}, " +
                $"{NumericsPolicy.IsaVariable}={NativeEnvironment.Get(NumericsPolicy.IsaVariable)})");
            Assert.Equal(CpuIsa.Avx2, NumericsPolicy.OneDnn);
        }
        else
        {
            Assert.Equal(NumericsPolicy.Hardware, NumericsPolicy.OneDnn);
        }
    }

    [Fact]
    public void Configure_WhenTheCapIsNeeded_SetsItWhereNativeGetenvSeesIt()
    {
        NumericsPolicy.Configure();

        string? cap = NativeEnvironment.Get(NumericsPolicy.OneDnnIsaVariable) ?? NativeEnvironment.Get(NumericsPolicy.IsaVariable);
        if (NumericsPolicy.Origin == "policy")
            Assert.Equal(NumericsPolicy.SafeIsa, cap);
        else if (NumericsPolicy.Origin == "none")
            Assert.Null(cap);
    }

    [Fact]
    public void SetEnvironmentVariable_OnLinux_DoesNotReachNativeGetenv()
    {
        string name = "FLEXIFFUSION_TEST_" + Guid.NewGuid().ToString("N");

        Environment.SetEnvironmentVariable(name, "managed");
        string? seenByNative = NativeEnvironment.Get(name);
        NativeEnvironment.Set(name, "native");
        string? afterSetenv = NativeEnvironment.Get(name);
        NativeEnvironment.Unset(name);

        Assert.Equal(OperatingSystem.IsLinux() ? null : "managed", seenByNative);
        Assert.Equal("native", afterSetenv);
        Assert.Null(NativeEnvironment.Get(name));
    }

    [Theory]
    [InlineData(null, CpuIsa.Avx512)]
    [InlineData("", CpuIsa.Avx512)]
    [InlineData("DEFAULT", CpuIsa.Avx512)]
    [InlineData("ALL", CpuIsa.Avx512)]
    [InlineData("AVX512_CORE_BF16", CpuIsa.Avx512)]
    [InlineData("avx10_1_512_amx", CpuIsa.Avx512)]
    [InlineData("AVX2", CpuIsa.Avx2)]
    [InlineData("avx2_vnni", CpuIsa.Avx2)]
    [InlineData("AVX", CpuIsa.Avx)]
    [InlineData("SSE41", CpuIsa.Sse41)]
    public void ParseOneDnnCap_Values_GiveTheAllowedFamily(string? value, CpuIsa expected) =>
        Assert.Equal(expected, NumericsPolicy.ParseOneDnnCap(value));

    [Theory]
    [InlineData(null, CpuIsa.Avx512)]
    [InlineData("avx512", CpuIsa.Avx512)]
    [InlineData("AVX2", CpuIsa.Avx2)]
    [InlineData("default", CpuIsa.Baseline)]
    public void ParseAtenCapability_Values_GiveTheAllowedFamily(string? value, CpuIsa expected) =>
        Assert.Equal(expected, NumericsPolicy.ParseAtenCapability(value));

    [Theory]
    [InlineData("fpu sse4_1 avx avx2 fma avx512f avx512dq avx512bw avx512vl avx512_bf16", CpuIsa.Avx512)]
    [InlineData("fpu sse4_1 avx avx2 fma avx512f", CpuIsa.Avx2)]
    [InlineData("fpu sse4_1 avx avx2 fma", CpuIsa.Avx2)]
    [InlineData("fpu sse4_1 avx avx2", CpuIsa.Avx)]
    [InlineData("fpu sse4_1", CpuIsa.Sse41)]
    [InlineData("fpu", CpuIsa.Baseline)]
    public void Best_CpuFlags_GiveTheHighestCompleteFamily(string flags, CpuIsa expected) =>
        Assert.Equal(expected, NumericsPolicy.Best(CpuFeatures.FromFlags(flags)));

    [Fact]
    public void Describe_Cpu_NamesBothKernelFamilies()
    {
        string numerics = NumericsPolicy.Describe(CPU);

        Assert.Equal($"cpu(onednn={NumericsPolicy.Name(NumericsPolicy.OneDnn)},aten={NumericsPolicy.Name(NumericsPolicy.Aten)})", numerics);
    }
}
