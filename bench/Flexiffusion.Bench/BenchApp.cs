using System.Globalization;
using System.Text;
using Flexiffusion.Diffusion.Runtime;

namespace Flexiffusion.Bench;

/// <summary>Benchmark harness: <c>flexiffusion-bench steps|plan|memory|metrics|search|services|rank|numerics|partial-error|bootstrap|cancel|all [--out FILE] [--quick]</c>.</summary>
public static class BenchApp
{
    public static int Run(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "all";
        string? outFile = Value(args, "--out");
        bool quick = args.Contains("--quick");
        var report = new StringBuilder();
        report.AppendLine(MachineInfo.Describe(args));
        switch (mode)
        {
            case "steps":
                StepBenchmark.Run(report, quick);
                break;
            case "plan":
                PlanBenchmark.Run(report, quick);
                break;
            case "memory":
                MemoryBenchmark.Run(report, quick);
                break;
            case "metrics":
                MetricsBenchmark.Run(report, quick);
                break;
            case "search":
                SearchBenchmark.Run(report, quick);
                break;
            case "services":
                ServicesBenchmark.Run(report, quick);
                break;
            case "rank":
                RankBenchmark.Run(report, quick);
                break;
            case "numerics":
                NumericsBenchmark.Run(report, quick);
                break;
            case "partial-error":
                PartialErrorBenchmark.Run(report, quick);
                break;
            case "bootstrap":
                BootstrapBenchmark.Run(report, quick);
                break;
            case "cancel":
                CancelBenchmark.Run(report, quick);
                break;
            case "all":
                StepBenchmark.Run(report, quick);
                PlanBenchmark.Run(report, quick);
                MemoryBenchmark.Run(report, quick);
                break;
            default:
                Console.Error.WriteLine($"flexiffusion-bench: unknown benchmark '{mode}' (steps, plan, memory, metrics, search, services, rank, numerics, partial-error, bootstrap, cancel, all)");
                return 2;
        }
        Console.WriteLine(report.ToString());
        if (outFile is not null)
            File.WriteAllText(outFile, report.ToString());
        if (!TorchRuntime.IsTcmallocLoaded())
            Console.Error.WriteLine("flexiffusion-bench: warning: tcmalloc not preloaded; numbers are not comparable (use bench/run.sh)");
        return 0;
    }

    private static string? Value(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    internal static string F(double value, string format = "F2") => value.ToString(format, CultureInfo.InvariantCulture);
}
