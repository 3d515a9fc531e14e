using System.Runtime.InteropServices;
using Flexiffusion.Diffusion.Runtime;
using static TorchSharp.torch;

namespace Flexiffusion.Bench;

/// <summary>The header of every benchmark report: machine, date, command, allocator, threads.</summary>
public static class MachineInfo
{
    public static string Describe(string[] args)
    {
        string cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
        return $"""
            # Flexiffusion benchmark

            - date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC
            - command: `bench/run.sh {string.Join(' ', args)}`
            - machine: {Environment.ProcessorCount} cores, {cpu}, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes >> 30} GiB, {RuntimeInformation.OSDescription}
            - runtime: .NET {Environment.Version}, TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}, torch threads {get_num_threads()}
            - allocator: {(TorchRuntime.IsTcmallocLoaded() ? "tcmalloc (preloaded)" : "glibc malloc (tcmalloc NOT preloaded)")}
            """;
    }
}
