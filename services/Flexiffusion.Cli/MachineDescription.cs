using Flexiffusion.Diffusion.Runtime;

namespace Flexiffusion.Cli;

/// <summary>What model cards record about the machine a model was trained on.</summary>
public static class MachineDescription
{
    /// <summary>The CPU model from /proc/cpuinfo, or "unknown".</summary>
    public static string Cpu()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
        {
            foreach (string line in File.ReadLines(cpuinfo))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is int colon and >= 0)
                    return line[(colon + 1)..].Trim();
            }
        }
        return "unknown";
    }

    /// <summary>One line: cores, torch threads, CPU model, allocator.</summary>
    public static string Summary() => FormattableString.Invariant(
        $"{Environment.ProcessorCount} cores ({TorchSharp.torch.get_num_threads()} torch threads), {Cpu()}, {(TorchRuntime.IsTcmallocLoaded() ? "tcmalloc" : "glibc malloc")}");
}
