using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Tests.Native;

/// <summary>
/// TorchSharp 0.107.0's native wrapper asks for GLIBCXX_3.4.32, which Debian 12 lacks; the build marks
/// that requirement weak in the output copy (Directory.Build.targets). Without the fix the first
/// torch call throws TypeInitializationException.
/// </summary>
public class LibTorchSharpLoadTests
{
    [Fact]
    public void OutputCopy_Glibcxx3432Requirement_IsWeak()
    {
        string? library = new[] { "libLibTorchSharp.so", "runtimes/linux-x64/native/libLibTorchSharp.so" }
            .Select(p => Path.Combine(AppContext.BaseDirectory, p))
            .FirstOrDefault(File.Exists);
        if (!OperatingSystem.IsLinux())
            return;
        Assert.NotNull(library);

        var needs = ElfVersionNeeds.Read(library);

        var glibcxx = needs.Where(n => n.Version == "GLIBCXX_3.4.32").ToList();
        Assert.NotEmpty(glibcxx);
        Assert.All(glibcxx, n => Assert.True((n.Flags & 0x2) != 0, $"{n.Version} of {n.Library} is not weak (flags 0x{n.Flags:x})"));
        Assert.Contains(needs, n => n.Version.StartsWith("GLIBCXX_3.4.", StringComparison.Ordinal) && n.Version != "GLIBCXX_3.4.32" && (n.Flags & 0x2) == 0);
    }

    [Fact]
    public void Torch_LoadsAndComputes()
    {
        using var a = ones(2, 3);
        using var b = ones(3, 2);

        using var c = a.matmul(b);

        Assert.Equal(3f, c[0, 0].item<float>());
    }
}
