using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Runtime;

/// <summary>Process-wide torch facts: the allocator in use and device selection.</summary>
public static class TorchRuntime
{
    /// <summary>Debian's tcmalloc, which makes TorchSharp 1.5–2.5× faster on CPU than glibc malloc.</summary>
    public const string TcmallocPath = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";

    /// <summary>Whether tcmalloc is mapped into this process (it must be preloaded with LD_PRELOAD).</summary>
    public static bool IsTcmallocLoaded()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
            return false;
        foreach (string line in File.ReadLines(maps))
        {
            if (line.Contains("libtcmalloc", StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <summary>Parses <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c> (CUDA when available).</summary>
    /// <exception cref="ArgumentException">The name is unknown, or CUDA is asked for but unavailable.</exception>
    public static Device ParseDevice(string name)
    {
        string text = name.Trim().ToLowerInvariant();
        if (text == "auto")
            return cuda.is_available() ? CUDA : CPU;
        if (text == "cpu")
            return CPU;
        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new ArgumentException($"device '{name}' asked for, but CUDA is not available in this build or machine (see README: TorchBackend)", nameof(name));
            return device(text);
        }
        throw new ArgumentException($"unknown device '{name}' (expected cpu, cuda, cuda:N or auto)", nameof(name));
    }
}
